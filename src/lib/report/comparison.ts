// Cross-atelier synthesis (issue 17): what several ateliers run with the same kit said, side by side.
// Pure functions over atelier documents: nothing here writes to a document (a synthesis never changes
// an atelier). Sheets are matched by the kit template they were created from (the template's
// `source`); sheets added freely are listed apart. What was hidden stays hidden: anonymous steps name
// nobody (no names are read at all), comparator answers hidden until the reveal are not counted, and
// dot-votes count only once revealed.
import * as Y from 'yjs';
import {
	facilitation,
	getSheet,
	grid,
	isAtelier,
	listSheets,
	readMeta,
	readRoster,
	sheetTemplate,
	type AtelierMeta,
	type GridTemplate
} from '$lib/model';
import { checklist } from '$lib/model';
import { frenchTypography } from '$lib/shared/french';
import { buildReport, type ReportSheet } from './report.ts';

export interface ComparedAtelier {
	/** The atelier's identity across devices and backups (its creation time). */
	key: string;
	title: string;
	territory: string;
	date: string;
	place: string;
	participants: number;
	/** « Territoire (date) », or the title when no territory is given: what a column or a line names. */
	label: string;
}

export interface ComparedGrid {
	source: string;
	title: string;
	questions: {
		id: string;
		number: number;
		question: string;
		/** Per atelier (same order as `ateliers`): the answer, '' when unanswered, null when it has no such sheet. */
		answers: (string | null)[];
		decisions: boolean[];
	}[];
	/** Questions an atelier added to its grid: not comparable, listed per atelier. */
	added: { atelier: number; question: string; answer: string }[];
}

export interface ComparedChecklist {
	title: string;
	axes: { code: string; title: string }[];
	/** Per atelier: scores per axis code and overall, or null without this sheet. */
	scores: ({ overall: checklist.Score; axes: Record<string, checklist.Score> } | null)[];
	/** Points answered « Non » or « Partiel » in the most ateliers, most first. */
	weakest: { code: string; text: string; non: number; partiel: number; answered: number }[];
}

export interface ComparedComparator {
	title: string;
	/** Per atelier: its ranking (best first; tied structures share a rank) with the spread of opinions, null without it. */
	rankings: ({ rank: number; title: string; mean: number; min: number; max: number }[] | null)[];
	/** Across ateliers: mean of the ateliers' means, and each atelier's rank; `gap` = worst rank − best rank. */
	overall: { title: string; mean: number; ranks: (number | null)[]; gap: number }[];
}

export interface ComparedClause {
	title: string;
	theme: string;
	/** Indexes of the ateliers that retained it. */
	ateliers: number[];
}

export interface ComparedVotes {
	atelier: number;
	sheet: string;
	top: { label: string; dots: number }[];
}

export interface ComparedDataset {
	name: string;
	ateliers: number[];
}

export interface FreeSheet {
	atelier: number;
	title: string;
	kind: ReportSheet['kind'];
	/** The first words of what it holds. */
	excerpt: string;
}

/** A sheet left out, and why: its answers are still hidden, or another sheet of its template already counts. */
export interface SetAside {
	atelier: number;
	title: string;
	reason: 'hidden' | 'second';
}

export interface Comparison {
	ateliers: ComparedAtelier[];
	grids: ComparedGrid[];
	checklists: ComparedChecklist[];
	comparators: ComparedComparator[];
	clauses: ComparedClause[];
	votes: ComparedVotes[];
	datasets: ComparedDataset[];
	/** Inventories per atelier: the datasets each named. */
	inventories: string[][];
	free: FreeSheet[];
	setAside: SetAside[];
}

/** The sources of the kit's own templates: anything else was added freely. */
function isKitSource(kind: string, source: string): boolean {
	if (kind === 'notes') return false;
	return source !== '' && !source.startsWith('format:') && source !== 'libre';
}

function label(meta: AtelierMeta): string {
	const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(meta.date);
	const when = date ? `${date[3]}/${date[2]}/${date[1]}` : '';
	const name = meta.territory.trim() || meta.title.trim() || 'Atelier sans titre';
	return frenchTypography(when ? `${name} (${when})` : name);
}

/**
 * One document per atelier: copies of the same atelier (this device's and a backup, two devices'
 * backups) are merged, so an atelier given twice counts once, with everything either copy holds.
 */
export function distinctAteliers(docs: readonly Y.Doc[]): Y.Doc[] {
	const byKey = new Map<string, Y.Doc[]>();
	docs.forEach((doc, i) => {
		if (!isAtelier(doc)) return;
		// An atelier without its creation time (a hostile or damaged file) is never taken for another one.
		const key = atelierKey(doc) ?? `sans-date-${i}`;
		byKey.set(key, [...(byKey.get(key) ?? []), doc]);
	});
	return [...byKey.values()].map((copies) => {
		if (copies.length === 1) return copies[0]!;
		const merged = new Y.Doc();
		for (const copy of copies) Y.applyUpdate(merged, Y.encodeStateAsUpdate(copy));
		return merged;
	});
}

/** An atelier's identity across devices and backups: its creation time, or null when it has none that reads as one. */
export function atelierKey(doc: Y.Doc): string | null {
	const key = readMeta(doc).createdAt;
	return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(key) && !Number.isNaN(Date.parse(key)) ? key : null;
}

const normalise = (text: string) =>
	text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		// Letters and digits of any script are kept (a name in Breton or Arabic is still a name).
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();

/** Compares ateliers (in the order given, copies merged). Reads only: the documents are not changed. */
export function compareAteliers(docs: readonly Y.Doc[]): Comparison {
	const distinct = distinctAteliers(docs);
	const ateliers: ComparedAtelier[] = [];
	const grids = new Map<string, ComparedGrid>();
	const checklists = new Map<
		string,
		{
			title: string;
			axes: Map<string, string>;
			scores: ComparedChecklist['scores'];
			items: Map<string, ComparedChecklist['weakest'][number]>;
		}
	>();
	const comparators = new Map<string, ComparedComparator>();
	const clauses = new Map<string, ComparedClause>();
	const votes: ComparedVotes[] = [];
	const datasets = new Map<string, ComparedDataset>();
	const inventories: string[][] = [];
	const free: FreeSheet[] = [];
	const setAside: SetAside[] = [];
	const n = distinct.length;

	distinct.forEach((doc, index) => {
		const meta = readMeta(doc);
		ateliers.push({
			key: meta.createdAt,
			title: meta.title,
			territory: meta.territory,
			date: meta.date,
			place: meta.place,
			participants: readRoster(doc).length,
			label: label(meta)
		});
		// No viewer: every sheet is read as written; what is hidden is left out below, from the rules themselves.
		const report = buildReport(doc, { anonymous: true });
		const named = new Set<string>();
		const counted = new Set<string>();
		inventories.push([]);
		for (const summary of listSheets(doc)) {
			const sheet = getSheet(doc, summary.id);
			const template = sheetTemplate(sheet);
			const source = template.source ?? '';
			const read = report.sheets.find((s) => s.id === summary.id);
			if (!read) continue;
			// Answers hidden until the reveal are nobody's to count yet, whatever the sheet.
			if (facilitation.readSheetRule(doc, summary.id).hidden) {
				setAside.push({ atelier: index, title: summary.title, reason: 'hidden' });
				continue;
			}
			// Dot-votes count once revealed to everyone, read from the vote itself (not from who asks).
			const voted = facilitation.readVoting(doc, summary.id)?.revealed
				? facilitation.rankedVotes(doc, summary.id).filter((v) => v.dots > 0)
				: [];
			if (voted.length)
				votes.push({ atelier: index, sheet: summary.title, top: voted.slice(0, 5).map(({ label, dots }) => ({ label, dots })) });
			if (!isKitSource(summary.type, source)) {
				free.push({ atelier: index, title: summary.title, kind: read.kind, excerpt: excerpt(read) });
				continue;
			}
			const key = `${summary.type}:${source}`;
			// A checklist or a comparator counts once per atelier: a second sheet of the template is set aside.
			if ((read.kind === 'checklist' || read.kind === 'comparator') && counted.has(key)) {
				setAside.push({ atelier: index, title: summary.title, reason: 'second' });
				continue;
			}
			counted.add(key);
			if (read.kind === 'grid') {
				const kit = (template as GridTemplate).questions;
				let compared = grids.get(key);
				if (!compared) {
					compared = { source, title: template.title, questions: [], added: [] };
					grids.set(key, compared);
				}
				grid.readGrid(sheet).rows.forEach((row, i) => {
					const cells = read.rows[i]?.cells ?? {};
					const answer = read.columns
						.map((c) => (cells[c.id] ?? '').trim())
						.filter(Boolean)
						.join(' — ');
					if (!row.questionId) {
						if (answer || row.question.trim()) compared!.added.push({ atelier: index, question: row.question, answer });
						return;
					}
					let question = compared!.questions.find((q) => q.id === row.questionId);
					if (!question) {
						const number = kit.findIndex((q) => q.id === row.questionId) + 1;
						question = {
							id: row.questionId,
							number: number || i + 1,
							question: row.question,
							answers: Array(n).fill(null),
							decisions: Array(n).fill(false)
						};
						compared!.questions.push(question);
					}
					// Two sheets of one template in an atelier: their answers are put together.
					const before = question.answers[index];
					question.answers[index] = before ? [before, answer].filter(Boolean).join('\n') : answer;
					question.decisions[index] ||= row.decision;
				});
			} else if (read.kind === 'checklist') {
				let compared = checklists.get(key);
				if (!compared) {
					compared = { title: template.title, axes: new Map(), scores: Array(n).fill(null), items: new Map() };
					checklists.set(key, compared);
				}
				compared.scores[index] = { overall: read.overall, axes: Object.fromEntries(read.axes.map((a) => [a.code, a.score])) };
				for (const axis of read.axes) {
					compared.axes.set(axis.code, axis.title);
					for (const item of axis.items) {
						const entry = compared.items.get(item.code) ?? { code: item.code, text: item.text, non: 0, partiel: 0, answered: 0 };
						if (item.status) entry.answered += 1;
						if (item.status === 'non') entry.non += 1;
						if (item.status === 'partiel') entry.partiel += 1;
						compared.items.set(item.code, entry);
					}
				}
			} else if (read.kind === 'comparator') {
				let compared = comparators.get(key);
				if (!compared) {
					compared = { title: template.title, rankings: Array(n).fill(null), overall: [] };
					comparators.set(key, compared);
				}
				compared.rankings[index] =
					read.voters === 0 ? [] : read.ranking.map(({ rank, title, mean, min, max }) => ({ rank, title, mean, min, max }));
			} else if (read.kind === 'clauses') {
				for (const item of read.items) {
					const clause = clauses.get(item.title) ?? { title: item.title, theme: item.theme, ateliers: [] };
					if (!clause.ateliers.includes(index)) clause.ateliers.push(index);
					clauses.set(item.title, clause);
				}
			} else if (read.kind === 'inventory') {
				const nameColumn = read.columns[0]?.id;
				for (const row of read.rows) {
					const name = (nameColumn ? row[nameColumn] : '')?.trim() ?? '';
					const k = normalise(name);
					if (!k || named.has(k)) continue;
					named.add(k);
					inventories[index]!.push(name);
					const dataset = datasets.get(k) ?? { name, ateliers: [] };
					dataset.ateliers.push(index);
					datasets.set(k, dataset);
				}
			}
		}
	});

	for (const compared of comparators.values()) {
		const titles = new Set(compared.rankings.flatMap((r) => (r ? r.map((x) => x.title) : [])));
		compared.overall = [...titles]
			.map((title) => {
				// The model's rank: structures tied in an atelier share it, so a tie is not a disagreement.
				const ranks = compared.rankings.map((r) => r?.find((x) => x.title === title)?.rank ?? null);
				const means = compared.rankings.flatMap((r) => (r ? r.filter((x) => x.title === title).map((x) => x.mean) : []));
				const known = ranks.filter((r): r is number => r !== null);
				return {
					title,
					mean: means.length ? means.reduce((a, b) => a + b, 0) / means.length : 0,
					ranks,
					gap: known.length ? Math.max(...known) - Math.min(...known) : 0
				};
			})
			.sort((a, b) => b.mean - a.mean || a.title.localeCompare(b.title, 'fr'));
	}
	for (const compared of grids.values()) compared.questions.sort((a, b) => a.number - b.number);
	// Two ateliers of one territory on one date are told apart by their titles.
	for (const a of ateliers) {
		if (ateliers.filter((b) => b.label === a.label).length > 1) a.label = frenchTypography(`${a.label} — ${a.title || 'sans titre'}`);
	}

	return {
		ateliers,
		grids: [...grids.values()],
		checklists: [...checklists.values()].map((c) => ({
			title: c.title,
			axes: [...c.axes].map(([code, title]) => ({ code, title })),
			scores: c.scores,
			weakest: [...c.items.values()]
				.filter((i) => i.non + i.partiel > 0)
				.sort((a, b) => b.non - a.non || b.partiel - a.partiel || a.code.localeCompare(b.code, 'fr', { numeric: true }))
		})),
		comparators: [...comparators.values()],
		clauses: [...clauses.values()].sort((a, b) => b.ateliers.length - a.ateliers.length || a.title.localeCompare(b.title, 'fr')),
		votes,
		datasets: [...datasets.values()]
			.filter((d) => d.ateliers.length > 1)
			.sort((a, b) => b.ateliers.length - a.ateliers.length || a.name.localeCompare(b.name, 'fr')),
		inventories,
		free,
		setAside
	};
}

function excerpt(sheet: ReportSheet): string {
	const text =
		sheet.kind === 'notes'
			? sheet.body
			: sheet.kind === 'grid'
				? sheet.rows.flatMap((r) => Object.values(r.cells)).join(' ')
				: sheet.kind === 'inventory'
					? sheet.rows.flatMap((r) => Object.values(r)).join(' ')
					: '';
	const words = text.replace(/\s+/g, ' ').trim();
	return words.length > 160 ? `${words.slice(0, 157).replace(/\s+\S*$/, '')}…` : words;
}
