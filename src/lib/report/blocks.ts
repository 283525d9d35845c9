// The report as a flat list of document blocks (title, headings, paragraphs, lists, tables, charts,
// caveats, page breaks): the one description every format renders — the printable report
// (ReportBlocks.svelte), DOCX, ODT and Markdown — so all say exactly the same thing, in the same order.
// Built once per export. What a collectivité sends to its élus: the synthesis first (page 1), then only
// what was said; unanswered items only in the « version complète », as an annex.
import { radarSvg, radarsSvg, rankingSvg, type RadarAxis, type RadarSeries, type RankingRow } from './charts.ts';
import { countText, coverageText, decimalText, durationText, frenchTypography, longDate, percentText } from '$lib/shared/french';
import type { Logo } from '$lib/model';
import { KIT_CREDIT, STATUS_TEXT, type ActionItem, type Report, type ReportSheet, type SheetFacilitation } from './report.ts';

export type Block =
	/** The title page's head: logo, collectivité, title, date, place, participants. */
	| { kind: 'title'; title: string; organisation: string; logo: Logo | null; facts: string[] }
	/** « Sommaire »: the report's sections (level-2 headings), for reports longer than four pages. */
	| { kind: 'toc'; entries: string[] }
	/** What the kit marks « À vérifier »: never printed as certain. */
	| { kind: 'caveat'; items: string[] }
	| { kind: 'heading'; level: 1 | 2 | 3; text: string }
	| { kind: 'paragraph'; text: string; bold?: boolean; muted?: boolean }
	| { kind: 'list'; items: string[] }
	/** `key` names a table for the reader's tools (the printable report's test ids). */
	| { kind: 'table'; headers: string[]; rows: string[][]; key?: string }
	| { kind: 'chart'; title: string; chart: Chart }
	| { kind: 'pageBreak' };

/** What a document writer needs: its blocks, and the title, date and kind its header and properties show. */
export interface DocumentInput {
	title: string;
	/** ISO date shown in the page header beside the title, or ''. */
	date: string;
	/** « Rapport d’atelier », « Synthèse d’ateliers ». */
	description: string;
	generatedAt: string;
	blocks: Block[];
}

export function reportDocumentInput(report: Report): DocumentInput {
	return {
		title: report.meta.title,
		date: report.meta.date,
		description: 'Rapport d’atelier',
		generatedAt: report.generatedAt,
		blocks: reportBlocks(report)
	};
}

/** A chart's data: the screen draws it with its Svelte component, documents embed its SVG. */
export type Chart =
	| { type: 'radar'; axes: RadarAxis[] }
	| { type: 'ranking'; rows: RankingRow[] }
	/** Several series on the same axes (a synthesis's ateliers), with a legend. */
	| { type: 'radars'; axes: string[]; series: RadarSeries[] };

/** A chart as a standalone SVG document, for DOCX and ODT. */
export function chartSvg(chart: Chart): { svg: string; width: number; height: number } {
	if (chart.type === 'radars') return radarsSvg(chart.axes, chart.series);
	return chart.type === 'radar' ? radarSvg(chart.axes) : rankingSvg(chart.rows);
}

/** « 4 gommettes (3 personnes) ». */
export const dotsText = (dots: number, voters: number): string =>
	`${dots} gommette${dots > 1 ? 's' : ''} (${voters} personne${voters > 1 ? 's' : ''})`;

export const ANONYMOUS_NOTE = 'Étape anonyme\u00a0: les contributions ne sont pas attribuées.';

/** « À vérifier : … » as one line per caveat. */
const caveatLines = (items: readonly string[]): string[] => items.map((t) => `À vérifier\u00a0: ${t}`);

/** Cells of a table: a text, the texts it rests on, and its caveats below it. */
const withCaveats = (text: string, caveats: readonly string[], references: readonly string[] = [], label = 'Références'): string =>
	[text, ...(references.length ? [`${label}\u00a0: ${references.join('\u00a0; ')}`] : []), ...caveatLines(caveats)].join('\n');

const answered = (text: string | undefined): boolean => (text ?? '').trim() !== '';

/** What a grid row holds besides its question: the columns that were filled in. */
function gridAnswers(sheet: Extract<ReportSheet, { kind: 'grid' }>, row: Extract<ReportSheet, { kind: 'grid' }>['rows'][number]): string[] {
	return sheet.columns.filter((c) => answered(row.cells[c.id])).map((c) => `${c.label}\u00a0: ${row.cells[c.id]!.trim()}`);
}

/** Whether a sheet holds anything someone said (an answer, a status, a weight, a clause, a row, a note). */
export function sheetHasAnswers(sheet: ReportSheet): boolean {
	switch (sheet.kind) {
		case 'grid':
			return sheet.rows.some((row) => sheet.columns.some((c) => answered(row.cells[c.id])));
		case 'checklist':
			return sheet.overall.answered > 0;
		case 'comparator':
			return sheet.voters > 0;
		case 'clauses':
			return sheet.items.length > 0;
		case 'inventory':
			return sheet.rows.some((r) => Object.values(r).some(answered));
		case 'notes':
			return answered(sheet.body);
	}
}

/** A sheet with nothing said: one line, whatever its kind. */
const NOTHING = 'Aucune réponse pour cette fiche.';

function votesBlocks(how: SheetFacilitation | undefined): Block[] {
	if (!how?.votes) return [];
	const placed = how.votes.filter((v) => v.dots > 0);
	if (placed.length === 0) return [];
	return [
		{ kind: 'heading', level: 3, text: 'Vote par gommettes' },
		{
			kind: 'table',
			key: 'votes',
			headers: ['Rang', 'Élément', 'Gommettes'],
			rows: placed.map((v, i) => [String(i + 1), v.label, dotsText(v.dots, v.voters)])
		}
	];
}

function sheetBlocks(sheet: ReportSheet, how: SheetFacilitation | undefined, complete: boolean): Block[] {
	const out: Block[] = [{ kind: 'heading', level: 2, text: sheet.title }];
	if (how?.anonymous) out.push({ kind: 'paragraph', text: ANONYMOUS_NOTE, muted: true });
	out.push(...votesBlocks(how));
	if (!sheetHasAnswers(sheet)) {
		out.push({ kind: 'paragraph', text: NOTHING, muted: true });
		return out;
	}
	switch (sheet.kind) {
		case 'grid': {
			let section: string | undefined;
			for (const row of sheet.rows) {
				const answers = gridAnswers(sheet, row);
				if (answers.length === 0) continue;
				if (row.section && row.section !== section) {
					section = row.section;
					out.push({ kind: 'heading', level: 3, text: section });
				}
				out.push({
					kind: 'paragraph',
					text: `${row.number}. ${row.question}${row.custom ? ' (question ajoutée en atelier)' : ''}${row.decision ? ' (décision de l’atelier)' : ''}`,
					bold: true
				});
				out.push({ kind: 'list', items: answers });
			}
			break;
		}
		case 'checklist':
			out.push({ kind: 'paragraph', text: `Ensemble\u00a0: ${coverageText(sheet.overall)}.` });
			out.push({
				kind: 'chart',
				title: 'Score par axe',
				chart: {
					type: 'radar',
					axes: sheet.axes.map((a) => ({ label: `${a.code}. ${a.title} (${a.score.answered}/${a.score.total})`, value: a.score.score }))
				}
			});
			out.push({
				kind: 'table',
				headers: ['Axe', 'Réponses', 'Score sur les réponses données'],
				rows: sheet.axes.map((a) => [
					`${a.code}. ${a.title}`,
					`${a.score.answered} sur ${a.score.total}`,
					a.score.score === null ? 'pas de score' : percentText(a.score.score)
				])
			});
			for (const axis of sheet.axes) {
				const items = axis.items.filter((i) => i.status);
				if (items.length === 0) continue;
				out.push({ kind: 'heading', level: 3, text: `${axis.code}. ${axis.title}` });
				out.push({
					kind: 'table',
					headers: ['Critère', 'Réponse', 'Justification ou commentaire'],
					rows: items.map((i) => [
						withCaveats(`${i.code} ${i.text}`, i.toVerify, i.references),
						STATUS_TEXT[i.status] ?? i.status,
						[i.justification, i.comment].filter(answered).join('\n')
					])
				});
			}
			break;
		case 'comparator': {
			out.push({ kind: 'paragraph', text: votersText(sheet.voters) });
			const shown = complete ? sheet.ranking : sheet.ranking.slice(0, RANKED_SHOWN);
			out.push({
				kind: 'chart',
				title:
					complete || shown.length === sheet.ranking.length
						? 'Classement des structures'
						: `Classement des structures (les ${shown.length} premières)`,
				chart: { type: 'ranking', rows: shown.map((r) => ({ title: r.title, mean: r.mean, min: r.min, max: r.max })) }
			});
			out.push({
				kind: 'table',
				headers: ['Rang', 'Structure', 'Note pondérée (sur 5)', 'Écart des avis'],
				rows: shown.map((r) => [
					String(r.rank),
					withCaveats(r.title, r.toVerify, r.legalBasis, 'Base juridique'),
					decimalText(r.mean),
					spreadText(r)
				])
			});
			const others = sheet.ranking.slice(shown.length);
			if (others.length)
				out.push({
					kind: 'paragraph',
					muted: true,
					text:
						others.length === 1
							? `Une autre structure suit, à ${decimalText(others[0]!.mean)} sur 5 (dans la version complète).`
							: `${others.length} autres structures suivent, de ${decimalText(others[0]!.mean)} à ${decimalText(others.at(-1)!.mean)} sur 5 (toutes dans la version complète).`
				});
			out.push({
				kind: 'table',
				headers: ['Critère', 'Poids moyen', 'Écart'],
				rows: sheet.criteria
					.filter((c) => c.weight.count > 0)
					.map((c) => [
						c.title,
						decimalText(c.weight.mean),
						c.weight.count > 1 ? `${decimalText(c.weight.min)} à ${decimalText(c.weight.max)}` : 'un seul avis'
					])
			});
			break;
		}
		case 'clauses':
			out.push({
				kind: 'table',
				headers: ['Clause', 'Thème', 'Priorité', 'Notes'],
				rows: sheet.items.map((i) => [withCaveats(i.title, i.toVerify), i.theme, i.priority, i.note])
			});
			break;
		case 'inventory':
			out.push({
				kind: 'table',
				headers: sheet.columns.map((c) => c.label),
				rows: sheet.rows.filter((r) => Object.values(r).some(answered)).map((r) => sheet.columns.map((c) => r[c.id] ?? ''))
			});
			break;
		case 'notes':
			if (sheet.prompt) out.push({ kind: 'paragraph', text: sheet.prompt, muted: true });
			for (const line of sheet.body.trim().split(/\r?\n/)) out.push({ kind: 'paragraph', text: line });
			break;
	}
	return out;
}

/** « 3 participants ont donné leurs poids et leurs notes. » */
function votersText(voters: number): string {
	return voters > 1
		? `${countText(voters, 'participant')} ont donné leurs poids et leurs notes.`
		: `${countText(voters, 'participant')} a donné ses poids et ses notes.`;
}

/** « 6 avis, de 2,9 à 4,5 », or « un seul avis ». */
function spreadText(r: { min: number; max: number; count: number }): string {
	return r.count > 1 ? `${r.count} avis, de ${decimalText(r.min)} à ${decimalText(r.max)}` : 'un seul avis';
}

/** Structures the comparator's section lists (the rest in one line), unless the report is complete. */
const RANKED_SHOWN = 5;

/** The answers left unsaid, per sheet: the « version complète »'s annex. */
function unansweredBlocks(sheets: readonly ReportSheet[]): Block[] {
	const out: Block[] = [];
	for (const sheet of sheets) {
		let items: string[] = [];
		if (sheet.kind === 'grid')
			items = sheet.rows.filter((row) => gridAnswers(sheet, row).length === 0).map((row) => `${row.number}. ${row.question}`);
		if (sheet.kind === 'checklist')
			items = sheet.axes.flatMap((a) =>
				a.items.filter((i) => !i.status).map((i) => [`${i.code} ${i.text}`, ...caveatLines(i.toVerify)].join('\n'))
			);
		if (sheet.kind === 'comparator' && sheet.voters === 0) items = ['Personne n’a pondéré les critères ni noté les structures.'];
		if (sheet.kind === 'notes' && !answered(sheet.body)) items = ['Aucune note.'];
		if (items.length === 0) continue;
		out.push({ kind: 'heading', level: 3, text: sheet.title });
		out.push({ kind: 'list', items });
	}
	return out.length
		? [{ kind: 'pageBreak' }, { kind: 'heading', level: 2, text: 'Annexe\u00a0: questions et points sans réponse' }, ...out]
		: [];
}

/** How many actions the synthesis lists before pointing to the full plan. */
const SYNTHESIS_ACTIONS = 6;

const actionLine = (a: ActionItem): string[] => [a.priority, a.deadline, a.owner, a.answer || `${a.question} (action à préciser)`];

/** Page 1 after the title: what was decided and what happens next, in a few lines per kind of sheet. */
function synthesisBlocks(report: Report): Block[] {
	const out: Block[] = [{ kind: 'heading', level: 2, text: 'Synthèse' }];
	const grids = report.sheets.filter((s) => s.kind === 'grid');
	const decisions = grids.flatMap((g) =>
		g.rows
			.filter((r) => r.decision && gridAnswers(g, r).length > 0)
			.map(
				(r) =>
					`${answered(r.cells.reponse) ? r.cells.reponse!.trim() : gridAnswers(g, r).join('\u00a0; ')} (${g.title}, question ${r.number})`
			)
	);
	if (decisions.length) out.push({ kind: 'heading', level: 3, text: 'Décisions' }, { kind: 'list', items: decisions });
	if (report.actions.length) {
		const shown = report.actions.slice(0, SYNTHESIS_ACTIONS);
		out.push(
			{ kind: 'heading', level: 3, text: 'Prochaines étapes' },
			{ kind: 'table', key: 'next-steps', headers: ['Priorité', 'Échéance', 'Responsable', 'Action'], rows: shown.map(actionLine) }
		);
		if (report.actions.length > shown.length)
			out.push({
				kind: 'paragraph',
				text: `Et ${countText(report.actions.length - shown.length, 'autre action', 'autres actions')} dans le plan d’action.`,
				muted: true
			});
	}
	for (const sheet of report.sheets) {
		if (sheet.kind === 'comparator' && sheet.voters > 0) {
			const top = sheet.ranking.slice(0, 3);
			out.push({ kind: 'heading', level: 3, text: sheet.title });
			out.push({
				kind: 'list',
				items: top.map((r) => `${r.rank}. ${r.title}\u00a0: ${decimalText(r.mean)} sur 5 (${spreadText(r)})`)
			});
			const caveated = top.filter((r) => r.toVerify.length).length;
			out.push({
				kind: 'paragraph',
				muted: true,
				text: `${votersText(sheet.voters)}${caveated === 1 ? ' L’une de ces structures comporte' : caveated > 1 ? ` ${caveated} de ces structures comportent` : ''}${caveated ? ' des points «\u00a0À vérifier\u00a0», donnés avec le classement.' : ''}`
			});
		}
		if (sheet.kind === 'checklist' && sheet.overall.answered > 0) {
			out.push({ kind: 'heading', level: 3, text: sheet.title });
			out.push({ kind: 'paragraph', text: `${coverageText(sheet.overall)}.` });
			out.push({
				kind: 'list',
				items: sheet.axes.filter((a) => a.score.answered > 0).map((a) => `${a.code}. ${a.title}\u00a0: ${coverageText(a.score)}`)
			});
		}
	}
	const voted = report.sheets
		.map((s) => ({ sheet: s, votes: report.facilitation[s.id]?.votes?.filter((v) => v.dots > 0).slice(0, 3) ?? [] }))
		.filter((v) => v.votes.length > 0);
	if (voted.length) {
		out.push({ kind: 'heading', level: 3, text: 'Les plus votés' });
		out.push({
			kind: 'list',
			items: voted.flatMap(({ sheet, votes }) => votes.map((v) => `${v.label} (${sheet.title})\u00a0: ${dotsText(v.dots, v.voters)}`))
		});
	}
	const clauses = report.sheets.flatMap((s) => (s.kind === 'clauses' ? s.items : []));
	if (clauses.length) {
		out.push({ kind: 'heading', level: 3, text: 'Clauses retenues' });
		out.push({ kind: 'list', items: clauses.map((c) => `${c.title} (${c.priority.toLowerCase()})`) });
		const caveats = clauses.filter((c) => c.toVerify.length).length;
		if (caveats)
			out.push({
				kind: 'paragraph',
				muted: true,
				text: `${countText(caveats, 'clause retenue comporte', 'clauses retenues comportent')} des points «\u00a0À vérifier\u00a0», signalés dans l’annexe.`
			});
	}
	if (out.length === 1) out.push({ kind: 'paragraph', text: 'Rien n’a encore été répondu dans cet atelier.' });
	return out;
}

/** Roughly how many lines a block takes on an A4 page (about 45 lines a page), to decide on a contents list. */
function lines(block: Block): number {
	switch (block.kind) {
		case 'title':
			return 8;
		case 'toc':
			return block.entries.length + 2;
		case 'heading':
			return 2;
		case 'paragraph':
			return 1 + Math.floor(block.text.length / 90);
		case 'caveat':
		case 'list':
			return block.items.reduce((n, item) => n + 1 + Math.floor(item.length / 90), 0);
		case 'table':
			return 2 + block.rows.reduce((n, row) => n + Math.max(1, ...row.map((c) => c.split('\n').length + Math.floor(c.length / 40))), 0);
		case 'chart':
			return 18;
		case 'pageBreak':
			return 0;
	}
}

const PAGE_LINES = 45;

/** Roughly how many A4 pages these blocks fill, charts and tables included. */
export function estimatedPages(blocks: readonly Block[]): number {
	return Math.ceil(blocks.reduce((n, b) => n + lines(b), 0) / PAGE_LINES);
}

export function reportBlocks(report: Report): Block[] {
	const { meta } = report;
	const facts = [
		meta.date ? `Date\u00a0: ${longDate(meta.date)}` : '',
		meta.place ? `Lieu\u00a0: ${meta.place}` : '',
		meta.territory ? `Territoire\u00a0: ${meta.territory}` : '',
		report.participantCount > 0 ? `Participants\u00a0: ${report.participantCount}` : ''
	].filter(Boolean);
	const first: Block[] = [
		{ kind: 'title', title: frenchTypography(meta.title), organisation: meta.organisation, logo: report.logo, facts },
		...synthesisBlocks(report)
	];
	const rest: Block[] = [];
	if (report.participants.length) {
		rest.push({ kind: 'heading', level: 2, text: 'Participants' });
		rest.push({ kind: 'list', items: report.participants.map((g) => `${g.role}\u00a0: ${g.names.join(', ')}`) });
	}
	if (report.agenda) {
		rest.push({ kind: 'heading', level: 2, text: 'Déroulé' });
		rest.push({
			kind: 'paragraph',
			text: `De ${report.agenda.start} à ${report.agenda.endsAt} (${durationText(report.agenda.totalMin)}).`
		});
		rest.push({
			kind: 'table',
			key: 'agenda',
			headers: ['Horaire', 'Séquence', 'Fiche', 'Règle'],
			rows: report.agenda.items.map((i) => [`${i.startsAt}–${i.endsAt}`, i.title, i.sheet, i.rule || 'Ouvert'])
		});
	}
	for (const sheet of report.sheets) rest.push(...sheetBlocks(sheet, report.facilitation[sheet.id], report.complete));
	if (report.actions.length) {
		rest.push({ kind: 'heading', level: 2, text: 'Plan d’action' });
		rest.push({
			kind: 'table',
			key: 'actions',
			headers: ['Priorité', 'Échéance', 'Acteur responsable', 'Action ou réponse', 'Question'],
			rows: report.actions.map((a) => [a.priority, a.deadline, a.owner, a.answer, a.question])
		});
	}
	const clauses = report.sheets.flatMap((s) => (s.kind === 'clauses' ? s.items : []));
	if (clauses.some((c) => c.points.length || c.references.length || c.toVerify.length)) {
		rest.push({ kind: 'heading', level: 2, text: 'Annexe\u00a0: clauses retenues' });
		for (const c of clauses) {
			rest.push({ kind: 'heading', level: 3, text: c.title });
			if (c.purpose) rest.push({ kind: 'paragraph', text: c.purpose });
			if (c.points.length) rest.push({ kind: 'list', items: c.points });
			if (c.references.length) rest.push({ kind: 'paragraph', text: `Références\u00a0: ${c.references.join('\u00a0; ')}`, muted: true });
			if (c.toVerify.length) rest.push({ kind: 'caveat', items: c.toVerify });
		}
	}
	if (report.complete) rest.push(...unansweredBlocks(report.sheets));
	rest.push({ kind: 'heading', level: 2, text: 'Sources' });
	rest.push({ kind: 'paragraph', text: KIT_CREDIT, muted: true });
	// A contents list once the report runs past four pages: the synthesis page, then the rest.
	const pages = 1 + estimatedPages(rest);
	const toc: Block[] =
		pages > 4
			? [
					{
						kind: 'toc',
						entries: rest.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 2).map((b) => b.text)
					}
				]
			: [];
	// The details follow the synthesis on the same page; a long report gives its contents on page 2.
	return toc.length ? [...first, { kind: 'pageBreak' }, ...toc, ...rest] : [...first, ...rest];
}
