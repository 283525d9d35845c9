// What a report says, read from an atelier's document: one neutral structure that every exporter
// (printable HTML, DOCX, ODT, CSV, Markdown) renders. Pure TypeScript on the model: no DOM, no Svelte.
import type * as Y from 'yjs';
import {
	basket,
	checklist,
	facilitation,
	comparator,
	grid,
	inventory,
	isAtelier,
	listSheets,
	notes,
	readMeta,
	readRoster,
	readLogo,
	getSheet,
	sheetTemplate,
	ROLE_LABELS,
	type AtelierMeta,
	type Logo,
	type ComparatorTemplate,
	type NotesTemplate,
	type Role,
	type SheetType
} from '$lib/model';
import { deadlineText, FRENCH_MONTHS, frenchTypography } from '$lib/shared/french';

export interface ReportGrid {
	kind: 'grid';
	id: string;
	title: string;
	columns: { id: string; label: string }[];
	rows: {
		id: string;
		number: number;
		section?: string;
		question: string;
		custom: boolean;
		/** Marked by the group as a decision of the atelier. */
		decision: boolean;
		/** As written for a reader (a deadline « mars 2027 », a priority « Haute »). */
		cells: Record<string, string>;
		/** The row's place in an action plan: its deadline's key and its priority's rank (0 high … 3 none). */
		deadlineKey: string;
		priorityRank: number;
	}[];
}

export interface ReportChecklist {
	kind: 'checklist';
	id: string;
	title: string;
	overall: checklist.Score;
	axes: {
		code: string;
		title: string;
		score: checklist.Score;
		items: {
			code: string;
			text: string;
			status: string;
			justification: string;
			comment: string;
			toVerify: string[];
			references: string[];
		}[];
	}[];
}

export interface ReportComparator {
	kind: 'comparator';
	id: string;
	title: string;
	voters: number;
	criteria: { id: string; title: string; weight: comparator.Spread }[];
	ranking: {
		rank: number;
		title: string;
		mean: number;
		min: number;
		max: number;
		count: number;
		toVerify: string[];
		legalBasis: string[];
	}[];
}

export interface ReportClauses {
	kind: 'clauses';
	id: string;
	title: string;
	items: {
		title: string;
		theme: string;
		priority: string;
		note: string;
		purpose?: string;
		points: string[];
		references: string[];
		/** The kit's « À vérifier » caveats: a report never states them as certain. */
		toVerify: string[];
	}[];
}

export interface ReportInventory {
	kind: 'inventory';
	id: string;
	title: string;
	columns: { id: string; label: string }[];
	rows: Record<string, string>[];
}

export interface ReportNotes {
	kind: 'notes';
	id: string;
	title: string;
	prompt?: string;
	body: string;
}

export type ReportSheet = ReportGrid | ReportChecklist | ReportComparator | ReportClauses | ReportInventory | ReportNotes;

export interface ActionItem {
	sheetId: string;
	rowId: string;
	/** The question's number in its grid. */
	number: number;
	sheet: string;
	question: string;
	answer: string;
	owner: string;
	/** As written for a reader: « mars 2027 », « 15 mars 2027 », or an older sheet's free text. */
	deadline: string;
	/** « Haute », « Moyenne », « Basse » or ''. */
	priority: string;
	/** For sorting: the deadline's key (see deadlineKey) and the priority's rank (0 high … 3 none). */
	deadlineKey: string;
	priorityRank: number;
}

/** How an action plan is ordered: by priority then deadline, or by deadline then priority. */
export type ActionOrder = 'priorite' | 'echeance';

let sheetOrder: Intl.Collator | undefined;

export function sortActions(actions: readonly ActionItem[], order: ActionOrder): ActionItem[] {
	// Deadline keys are digits, or unaccented free text (see deadlineKey): compared as code units, not through the locale's
	// collation, which cost a third of the atelier page's first render on a slow tablet.
	const byDeadline = (a: ActionItem, b: ActionItem) => (a.deadlineKey < b.deadlineKey ? -1 : a.deadlineKey > b.deadlineKey ? 1 : 0);
	const byPriority = (a: ActionItem, b: ActionItem) => a.priorityRank - b.priorityRank;
	const [first, second] = order === 'priorite' ? [byPriority, byDeadline] : [byDeadline, byPriority];
	return [...actions].sort((a, b) => first(a, b) || second(a, b) || (sheetOrder ??= new Intl.Collator('fr')).compare(a.sheet, b.sheet));
}

/** Every row of a grid that names who does it, by when or how urgently: the atelier's action plan. */
export function actionPlan(sheets: readonly ReportSheet[], order: ActionOrder = 'priorite'): ActionItem[] {
	const actions: ActionItem[] = [];
	for (const sheet of sheets) {
		if (sheet.kind !== 'grid') continue;
		for (const row of sheet.rows) {
			const owner = row.cells.acteur?.trim() ?? '';
			const deadline = row.cells.echeance?.trim() ?? '';
			const priority = row.cells.priorite?.trim() ?? '';
			if (!owner && !deadline && !priority) continue;
			actions.push({
				sheetId: sheet.id,
				rowId: row.id,
				number: row.number,
				sheet: sheet.title,
				question: row.question,
				answer: row.cells.reponse?.trim() ?? '',
				owner,
				deadline,
				priority,
				deadlineKey: row.deadlineKey,
				priorityRank: row.priorityRank
			});
		}
	}
	return sortActions(actions, order);
}

/** How a sheet was run: anonymous step, dot-vote results (ranked). */
export interface SheetFacilitation {
	anonymous: boolean;
	votes: { label: string; dots: number; voters: number }[] | null;
}

export interface ReportAgenda {
	start: string;
	endsAt: string;
	totalMin: number;
	items: { startsAt: string; endsAt: string; title: string; sheet: string; rule: string }[];
}

export interface Report {
	meta: AtelierMeta;
	agenda: ReportAgenda | null;
	/** Per sheet id. */
	facilitation: Record<string, SheetFacilitation>;
	participants: { role: string; names: string[] }[];
	/** How many took part (the roster), said instead of their names when the facilitator chooses. */
	participantCount: number;
	/** The collectivité's logo for the title page, or null. */
	logo: Logo | null;
	anonymous: boolean;
	/** « Version complète »: unanswered questions and points are kept, in an annex. */
	complete: boolean;
	sheets: ReportSheet[];
	actions: ActionItem[];
	generatedAt: string;
}

export const KIT_CREDIT = frenchTypography(
	'Boîte à outils CAPACities (Cerema et Chronos, 2022), reprise et adaptée par Atelier CAPACities. Contenus sous licence Creative Commons ; voir la page « Sources et crédits » de l’application.'
);

/** « 75 % » (no-break space), or « — » when nothing applies yet. */
/** « 3,5 »: French decimal comma, one decimal at most. */

export const STATUS_TEXT: Record<string, string> = { ...checklist.STATUS_LABELS, '': 'Sans réponse' };

/** A sortable key for free-text deadlines: ISO dates, « 03/2027 », « mars 2027 », years; others last. */
export function deadlineKey(text: string): string {
	const t = text.trim().toLowerCase();
	if (!t) return '9999-99-99~';
	// A month means by the end of it: after its days (98), before a quarter ending that month (99).
	let m = /(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(t);
	if (m) return `${m[1]}-${m[2]}-${m[3] ?? '98'}`;
	m = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(t);
	if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
	m = /\b(\d{1,2})\/(\d{4})\b/.exec(t);
	if (m) return `${m[2]}-${m[1]!.padStart(2, '0')}-98`;
	const year = /\b(20\d{2})\b/.exec(t)?.[1];
	if (year) {
		const month = FRENCH_MONTHS.findIndex((name) => t.includes(name));
		const quarter = /\bt([1-4])\b/.exec(t)?.[1];
		if (month >= 0) return `${year}-${String(month + 1).padStart(2, '0')}-98`;
		if (quarter) return `${year}-${String(Number(quarter) * 3).padStart(2, '0')}-99`;
		return `${year}-12-99`;
	}
	// Free text last, in alphabetical order with its accents dropped (« été » with the e's): keys
	// compare as plain code units.
	return `9999-99-99 ${t.normalize('NFD').replace(/[\u0300-\u036f]/g, '')}`;
}

function readSheet(doc: Y.Doc, id: string, type: SheetType, title: string): ReportSheet {
	const sheet = getSheet(doc, id);
	switch (type) {
		case 'grid': {
			const data = grid.readGrid(sheet);
			return {
				kind: 'grid',
				id,
				title,
				columns: data.columns.map(({ id, label }) => ({ id, label })),
				rows: data.rows.map((row, i) => {
					const cells = { ...row.cells };
					const deadline = cells.echeance ?? '';
					// An older sheet's free text « Haute » ranks as the choice « haute ».
					const priority = (grid.PRIORITIES as readonly string[]).indexOf((cells.priorite ?? '').trim().toLowerCase());
					for (const c of data.columns) {
						if (c.kind === 'deadline')
							cells[c.id] = grid.isDeadline(cells[c.id] ?? '') ? deadlineText(cells[c.id] ?? '') : (cells[c.id] ?? '');
						if (c.kind === 'priority' && priority >= 0) cells[c.id] = grid.PRIORITY_LABELS[grid.PRIORITIES[priority]!];
					}
					return {
						id: row.id,
						number: i + 1,
						...(row.section ? { section: row.section } : {}),
						question: row.question,
						custom: row.custom,
						decision: row.decision,
						cells,
						deadlineKey: deadlineKey(deadline),
						priorityRank: priority >= 0 ? priority : 3
					};
				})
			};
		}
		case 'checklist': {
			const data = checklist.readChecklist(sheet);
			return {
				kind: 'checklist',
				id,
				title,
				overall: data.overall,
				axes: data.axes.map((a) => ({
					code: a.code,
					title: a.title,
					score: a.score,
					items: a.items.map((item) => ({
						code: item.code,
						text: item.text,
						toVerify: item.toVerify,
						references: item.references,
						status: item.status ?? '',
						justification: item.justification,
						comment: item.comment
					}))
				}))
			};
		}
		case 'comparator': {
			const weights = comparator.weightSpread(sheet);
			const template = sheetTemplate<ComparatorTemplate>(sheet);
			return {
				kind: 'comparator',
				id,
				title,
				voters: comparator.voters(sheet).length,
				criteria: template.criteria.map((c) => ({ id: c.id, title: c.title, weight: weights[c.id] ?? comparator.spread([]) })),
				ranking: comparator.ranking(sheet).map((r) => ({
					rank: r.rank,
					title: r.title,
					mean: r.total.mean,
					min: r.total.min,
					max: r.total.max,
					count: r.total.count,
					toVerify: r.toVerify,
					legalBasis: r.legalBasis
				}))
			};
		}
		case 'clauses':
			return {
				kind: 'clauses',
				id,
				title,
				items: basket.readBasket(sheet).map((item) => ({
					title: item.title,
					theme: item.theme,
					priority: basket.PRIORITY_LABELS[item.priority],
					note: item.note,
					...(item.purpose ? { purpose: item.purpose } : {}),
					points: item.points ?? [],
					references: item.references ?? [],
					toVerify: item.toVerify
				}))
			};
		case 'inventory': {
			const data = inventory.readInventory(sheet);
			return {
				kind: 'inventory',
				id,
				title,
				columns: data.columns.map((c) => ({ id: c.id, label: c.label })),
				rows: data.rows.map((row) =>
					Object.fromEntries(
						data.columns.map((c) => {
							const v = row.cells[c.id];
							return [c.id, v === true ? 'Oui' : v === false ? 'Non' : (v ?? '')];
						})
					)
				)
			};
		}
		case 'notes': {
			const template = sheetTemplate<NotesTemplate>(sheet);
			return { kind: 'notes', id, title, ...(template.prompt ? { prompt: template.prompt } : {}), body: notes.bodyText(sheet).toString() };
		}
	}
}

/** The action plan of a whole atelier, read from its grids only (the atelier's page shows it live). */
export function atelierActions(doc: Y.Doc, order: ActionOrder = 'priorite'): ActionItem[] {
	if (!isAtelier(doc)) return [];
	const grids = listSheets(doc)
		.filter((s) => s.type === 'grid')
		.map((s) => readSheet(doc, s.id, s.type, s.title));
	return actionPlan(grids, order);
}

export interface ReportOptions {
	/** Only these sheets (in the atelier's order); all by default. */
	sheetIds?: string[];
	/** Leave participants' names out. */
	anonymous?: boolean;
	/** Say how many took part rather than who (the names stay out of the document). */
	participantsAs?: 'names' | 'count';
	/** Keep unanswered questions and points, in an annex (« version complète »). */
	complete?: boolean;
	/** Who exports: vote results not yet revealed are left out unless they are a facilitator. All by default. */
	viewerId?: string;
	/** The action plan's order: by priority (then deadline) by default. */
	actionOrder?: ActionOrder;
	now?: Date;
}

function readFacilitation(doc: Y.Doc, sheets: ReportSheet[], viewerId: string | undefined): Record<string, SheetFacilitation> {
	const out: Record<string, SheetFacilitation> = {};
	for (const sheet of sheets) {
		const voting = facilitation.readVoting(doc, sheet.id);
		const visible = voting && (viewerId === undefined || facilitation.canSeeVotes(doc, viewerId, sheet.id));
		const votes = visible ? facilitation.rankedVotes(doc, sheet.id).map(({ label, dots, voters }) => ({ label, dots, voters })) : null;
		out[sheet.id] = { anonymous: facilitation.readSheetRule(doc, sheet.id).anonymous, votes };
	}
	return out;
}

function readReportAgenda(doc: Y.Doc, titles: Map<string, string>): ReportAgenda | null {
	const agenda = facilitation.readAgenda(doc);
	if (agenda.items.length === 0) return null;
	return {
		start: agenda.start,
		endsAt: agenda.endsAt,
		totalMin: agenda.totalMin,
		items: agenda.items.map((i) => ({
			startsAt: i.startsAt,
			endsAt: i.endsAt,
			title: i.title,
			sheet: (i.sheetId && titles.get(i.sheetId)) || '',
			rule: i.rule === 'ouvert' ? '' : facilitation.RULE_LABELS[i.rule]
		}))
	};
}

export function buildReport(doc: Y.Doc, options: ReportOptions = {}): Report {
	if (!isAtelier(doc)) throw new Error('not an atelier');
	const wanted = options.sheetIds ? new Set(options.sheetIds) : null;
	const sheets = listSheets(doc)
		.filter((s) => !wanted || wanted.has(s.id))
		.map((s) => readSheet(doc, s.id, s.type, s.title));
	const roster = readRoster(doc);
	const participants = (Object.keys(ROLE_LABELS) as Role[])
		.map((role) => ({ role: ROLE_LABELS[role], names: roster.filter((p) => p.role === role).map((p) => p.name) }))
		.filter((group) => group.names.length > 0);
	const actions = actionPlan(sheets, options.actionOrder);
	return {
		meta: readMeta(doc),
		agenda: readReportAgenda(doc, new Map(listSheets(doc).map((s) => [s.id, s.title]))),
		facilitation: readFacilitation(doc, sheets, options.viewerId),
		participants: options.anonymous || options.participantsAs === 'count' ? [] : participants,
		participantCount: roster.length,
		logo: readLogo(doc),
		anonymous: options.anonymous === true,
		complete: options.complete === true,
		sheets,
		actions,
		generatedAt: (options.now ?? new Date()).toISOString()
	};
}

/** Lower-case ASCII words joined by hyphens: « L’atelier — Caen » → `l-atelier-caen`. */
function slug(text: string, max = 60): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, max)
		.replace(/-+$/g, '');
}

/**
 * `AAAA-MM-JJ-titre-de-l-atelier[-fiche].ext`: sorted by date in a folder, no space, accent or dash
 * that a file system or a mail attachment could mangle.
 */
export function reportFileName(meta: Pick<AtelierMeta, 'title' | 'date'>, extension: string, suffix = ''): string {
	const date = /^\d{4}-\d{2}-\d{2}$/.test(meta.date) ? meta.date : '';
	const parts = [date, slug(meta.title) || 'atelier-sans-titre', slug(suffix, 40)].filter(Boolean);
	return `${parts.join('-')}.${extension}`;
}
