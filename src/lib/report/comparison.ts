// Cross-atelier synthesis (issue 17): what several ateliers run with the same kit said, side by side.
// Pure functions over atelier documents: nothing here writes to a document (a synthesis never changes
// an atelier). Sheets are matched by the kit template they were created from (the template's
// `source`); sheets added freely are listed apart. What was hidden stays hidden: anonymous steps name
// nobody (no names are read at all), comparator answers hidden until the reveal are not counted, and
// dot-votes count only once revealed.
import * as Y from 'yjs';
import { facilitation, getSheet, grid, isAtelier, listSheets, readMeta, readRoster, sheetTemplate, type AtelierMeta } from '$lib/model';
import { checklist } from '$lib/model';
import { frenchTypography } from '$lib/shared/french';
import { buildReport, type ReportSheet } from './report.ts';

/** Who reads a document for a synthesis: nobody of its roster, so only what was revealed to everyone counts. */
const SYNTHESIS_VIEWER = 'synthese';

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
	/** Per atelier: its ranking (best first) with the spread of opinions, 'hidden' if answers are still hidden, null without it. */
	rankings: ({ title: string; mean: number; min: number; max: number }[] | 'hidden' | null)[];
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

export interface Comparison {
	ateliers: ComparedAtelier[];
	grids: ComparedGrid[];
	checklists: ComparedChecklist[];
	comparators: ComparedComparator[];
	clauses: ComparedClause[];
	votes: ComparedVotes[];
	datasets: ComparedDataset[];
	/** Inventories per atelier: how many datasets each named. */
	inventoryCounts: number[];
	free: FreeSheet[];
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
	for (const doc of docs) {
		if (!isAtelier(doc)) continue;
		const key = readMeta(doc).createdAt;
		byKey.set(key, [...(byKey.get(key) ?? []), doc]);
	}
	return [...byKey.values()].map((copies) => {
		if (copies.length === 1) return copies[0]!;
		const merged = new Y.Doc();
		for (const copy of copies) Y.applyUpdate(merged, Y.encodeStateAsUpdate(copy));
		return merged;
	});
}

const normalise = (text: string) =>
	text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
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
	const inventoryCounts: number[] = [];
	const free: FreeSheet[] = [];
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
		const report = buildReport(doc, { anonymous: true, viewerId: SYNTHESIS_VIEWER });
		const named = new Set<string>();
		inventoryCounts.push(0);
		for (const summary of listSheets(doc)) {
			const sheet = getSheet(doc, summary.id);
			const source = sheetTemplate(sheet).source ?? '';
			const read = report.sheets.find((s) => s.id === summary.id);
			if (!read) continue;
			const voted = report.facilitation[summary.id]?.votes?.filter((v) => v.dots > 0) ?? [];
			if (voted.length)
				votes.push({ atelier: index, sheet: summary.title, top: voted.slice(0, 5).map(({ label, dots }) => ({ label, dots })) });
			if (!isKitSource(summary.type, source)) {
				free.push({ atelier: index, title: summary.title, kind: read.kind, excerpt: excerpt(read) });
				continue;
			}
			const key = `${summary.type}:${source}`;
			if (read.kind === 'grid') {
				const rows = grid.readGrid(sheet).rows;
				let compared = grids.get(key);
				if (!compared) {
					compared = { source, title: summary.title, questions: [] };
					grids.set(key, compared);
				}
				rows.forEach((row, i) => {
					if (!row.questionId) return;
					let question = compared!.questions.find((q) => q.id === row.questionId);
					if (!question) {
						question = {
							id: row.questionId,
							number: i + 1,
							question: row.question,
							answers: Array(n).fill(null),
							decisions: Array(n).fill(false)
						};
						compared!.questions.push(question);
					}
					const cells = read.rows[i]?.cells ?? {};
					const answer = read.columns
						.map((c) => (cells[c.id] ?? '').trim())
						.filter(Boolean)
						.join(' — ');
					// Two sheets of one template in an atelier: their answers are put together.
					const before = question.answers[index];
					question.answers[index] = before ? [before, answer].filter(Boolean).join('\n') : answer;
					question.decisions[index] ||= row.decision;
				});
			} else if (read.kind === 'checklist') {
				let compared = checklists.get(key);
				if (!compared) {
					compared = { title: summary.title, axes: new Map(), scores: Array(n).fill(null), items: new Map() };
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
					compared = { title: summary.title, rankings: Array(n).fill(null), overall: [] };
					comparators.set(key, compared);
				}
				// Answers hidden until the reveal are nobody's to count yet.
				const hidden = facilitation.readSheetRule(doc, summary.id).hidden;
				compared.rankings[index] = hidden
					? 'hidden'
					: read.voters === 0
						? []
						: read.ranking.map(({ title, mean, min, max }) => ({ title, mean, min, max }));
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
					inventoryCounts[index]! += 1;
					const dataset = datasets.get(k) ?? { name, ateliers: [] };
					dataset.ateliers.push(index);
					datasets.set(k, dataset);
				}
			}
		}
	});

	for (const compared of comparators.values()) {
		const titles = new Set(compared.rankings.flatMap((r) => (Array.isArray(r) ? r.map((x) => x.title) : [])));
		compared.overall = [...titles]
			.map((title) => {
				const ranks = compared.rankings.map((r) =>
					Array.isArray(r) && r.length ? r.findIndex((x) => x.title === title) + 1 || null : null
				);
				const means = compared.rankings.flatMap((r) => (Array.isArray(r) ? r.filter((x) => x.title === title).map((x) => x.mean) : []));
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
		inventoryCounts,
		free
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
