// The report as a flat list of document blocks (headings, paragraphs, lists, tables, charts, page
// breaks): the one description every format renders — the printable report (ReportBlocks.svelte),
// DOCX, ODT and Markdown — so all say exactly the same thing. Built once per export.
import { radarSvg, rankingSvg, type RadarAxis, type RankingRow } from './charts.ts';
import { countText, coverageText, decimalText, durationText, frenchTypography, longDate, percentText } from '$lib/shared/french';
import { KIT_CREDIT, STATUS_TEXT, type Report, type ReportSheet, type SheetFacilitation } from './report.ts';

export type Block =
	| { kind: 'heading'; level: 1 | 2 | 3; text: string }
	| { kind: 'paragraph'; text: string; bold?: boolean; muted?: boolean }
	| { kind: 'list'; items: string[] }
	/** `key` names a table for the reader's tools (the printable report's test ids). */
	| { kind: 'table'; headers: string[]; rows: string[][]; key?: string }
	| { kind: 'chart'; title: string; chart: Chart }
	| { kind: 'pageBreak' };

/** A chart's data: the screen draws it with its Svelte component, documents embed its SVG. */
export type Chart = { type: 'radar'; axes: RadarAxis[] } | { type: 'ranking'; rows: RankingRow[] };

/** A chart as a standalone SVG document, for DOCX and ODT. */
export function chartSvg(chart: Chart): { svg: string; width: number; height: number } {
	return chart.type === 'radar' ? radarSvg(chart.axes) : rankingSvg(chart.rows);
}

/** « 4 gommettes (3 personnes) ». */
export const dotsText = (dots: number, voters: number): string =>
	`${dots} gommette${dots > 1 ? 's' : ''} (${voters} personne${voters > 1 ? 's' : ''})`;

export const ANONYMOUS_NOTE = 'Étape anonyme\u00a0: les contributions ne sont pas attribuées.';

function sheetBlocks(sheet: ReportSheet, how: SheetFacilitation | undefined): Block[] {
	const out: Block[] = [{ kind: 'heading', level: 2, text: sheet.title }];
	if (how?.anonymous) out.push({ kind: 'paragraph', text: ANONYMOUS_NOTE, muted: true });
	if (how?.votes) {
		out.push({ kind: 'heading', level: 3, text: 'Vote par gommettes' });
		const placed = how.votes.filter((v) => v.dots > 0);
		if (placed.length === 0) out.push({ kind: 'paragraph', text: 'Aucune gommette placée.' });
		else
			out.push({
				kind: 'table',
				key: 'votes',
				headers: ['Rang', 'Élément', 'Gommettes'],
				rows: placed.map((v, i) => [String(i + 1), v.label, dotsText(v.dots, v.voters)])
			});
	}
	switch (sheet.kind) {
		case 'grid': {
			let section: string | undefined;
			for (const row of sheet.rows) {
				if (row.section && row.section !== section) {
					section = row.section;
					out.push({ kind: 'heading', level: 3, text: section });
				}
				out.push({
					kind: 'paragraph',
					text: `${row.number}. ${row.question}${row.custom ? ' (question ajoutée en atelier)' : ''}`,
					bold: true
				});
				out.push({ kind: 'list', items: sheet.columns.map((c) => `${c.label}\u00a0: ${row.cells[c.id]?.trim() || '—'}`) });
			}
			break;
		}
		case 'checklist':
			out.push({
				kind: 'paragraph',
				text: `Ensemble\u00a0: ${coverageText(sheet.overall)}.`
			});
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
				rows: sheet.axes.map((a) => [`${a.code}. ${a.title}`, `${a.score.answered} sur ${a.score.total}`, percentText(a.score.score)])
			});
			for (const axis of sheet.axes) {
				out.push({ kind: 'heading', level: 3, text: `${axis.code}. ${axis.title}` });
				out.push({
					kind: 'table',
					headers: ['Critère', 'Réponse', 'Justification ou commentaire'],
					rows: axis.items.map((i) => [
						[`${i.code} ${i.text}`, ...i.toVerify.map((t) => `À vérifier\u00a0: ${t}`)].join(' — '),
						STATUS_TEXT[i.status] ?? i.status,
						[i.justification, i.comment].filter((t) => t.trim()).join(' — ')
					])
				});
			}
			break;
		case 'comparator':
			out.push({
				kind: 'paragraph',
				text: `${countText(sheet.voters, 'participant')} ${sheet.voters > 1 ? 'ont' : 'a'} donné ${sheet.voters > 1 ? 'leurs' : 'ses'} poids et ${sheet.voters > 1 ? 'leurs' : 'ses'} notes.`
			});
			out.push({
				kind: 'chart',
				title: 'Classement des structures',
				chart: { type: 'ranking', rows: sheet.ranking.map((r) => ({ title: r.title, mean: r.mean, min: r.min, max: r.max })) }
			});
			out.push({
				kind: 'table',
				headers: ['Rang', 'Structure', 'Note pondérée (sur 5)', 'Écart des avis'],
				rows: sheet.ranking.map((r) => [
					String(r.rank),
					r.title,
					decimalText(r.mean),
					r.count > 1 ? `${decimalText(r.min)} à ${decimalText(r.max)} (${r.count} avis)` : '—'
				])
			});
			out.push({
				kind: 'table',
				headers: ['Critère', 'Poids moyen', 'Écart'],
				rows: sheet.criteria.map((c) => [
					c.title,
					c.weight.count ? decimalText(c.weight.mean) : '—',
					c.weight.count > 1 ? `${decimalText(c.weight.min)} à ${decimalText(c.weight.max)}` : '—'
				])
			});
			break;
		case 'clauses':
			if (sheet.items.length === 0) out.push({ kind: 'paragraph', text: 'Aucune clause retenue.' });
			else
				out.push({
					kind: 'table',
					headers: ['Clause', 'Thème', 'Priorité', 'Notes'],
					rows: sheet.items.map((i) => [i.title, i.theme, i.priority, i.note])
				});
			break;
		case 'inventory':
			if (sheet.rows.length === 0) out.push({ kind: 'paragraph', text: 'Inventaire vide.' });
			else
				out.push({
					kind: 'table',
					headers: sheet.columns.map((c) => c.label),
					rows: sheet.rows.map((r) => sheet.columns.map((c) => r[c.id] ?? ''))
				});
			break;
		case 'notes':
			if (sheet.prompt) out.push({ kind: 'paragraph', text: sheet.prompt, muted: true });
			for (const line of (sheet.body.trim() || '—').split(/\r?\n/)) out.push({ kind: 'paragraph', text: line });
			break;
	}
	return out;
}

export function reportBlocks(report: Report): Block[] {
	const { meta } = report;
	const out: Block[] = [{ kind: 'heading', level: 1, text: frenchTypography(meta.title) }];
	const facts = [
		meta.date ? `Date\u00a0: ${longDate(meta.date)}` : '',
		meta.territory ? `Territoire\u00a0: ${meta.territory}` : '',
		meta.place ? `Lieu\u00a0: ${meta.place}` : ''
	].filter(Boolean);
	if (facts.length) out.push({ kind: 'list', items: facts });
	if (report.participants.length) {
		out.push({ kind: 'heading', level: 2, text: 'Participants' });
		out.push({ kind: 'list', items: report.participants.map((g) => `${g.role}\u00a0: ${g.names.join(', ')}`) });
	}
	if (report.agenda) {
		out.push({ kind: 'heading', level: 2, text: 'Déroulé' });
		out.push({ kind: 'paragraph', text: `De ${report.agenda.start} à ${report.agenda.endsAt} (${durationText(report.agenda.totalMin)}).` });
		out.push({
			kind: 'table',
			key: 'agenda',
			headers: ['Horaire', 'Séquence', 'Fiche', 'Règle'],
			rows: report.agenda.items.map((i) => [`${i.startsAt}–${i.endsAt}`, i.title, i.sheet || '—', i.rule || 'Ouvert'])
		});
	}
	for (const sheet of report.sheets) {
		out.push({ kind: 'pageBreak' });
		out.push(...sheetBlocks(sheet, report.facilitation[sheet.id]));
	}
	if (report.actions.length) {
		out.push({ kind: 'pageBreak' });
		out.push({ kind: 'heading', level: 2, text: 'Plan d’action' });
		out.push({
			kind: 'table',
			key: 'actions',
			headers: ['Priorité', 'Échéance', 'Acteur responsable', 'Action ou réponse', 'Question'],
			rows: report.actions.map((a) => [a.priority || '—', a.deadline || '—', a.owner || '—', a.answer || '—', a.question])
		});
	}
	const clauses = report.sheets.flatMap((s) => (s.kind === 'clauses' ? s.items : []));
	if (clauses.some((c) => c.points.length || c.references.length)) {
		out.push({ kind: 'pageBreak' });
		out.push({ kind: 'heading', level: 2, text: 'Annexe\u00a0: clauses retenues' });
		for (const c of clauses) {
			out.push({ kind: 'heading', level: 3, text: c.title });
			if (c.purpose) out.push({ kind: 'paragraph', text: c.purpose });
			if (c.points.length) out.push({ kind: 'list', items: c.points });
			if (c.references.length) out.push({ kind: 'paragraph', text: `Références\u00a0: ${c.references.join(' ; ')}`, muted: true });
		}
	}
	out.push({ kind: 'heading', level: 2, text: 'Sources' });
	out.push({ kind: 'paragraph', text: KIT_CREDIT, muted: true });
	return out;
}
