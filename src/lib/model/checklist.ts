// Responsible-digital checklist: per item a status, a justification (required for « sans objet »)
// and a comment.  answers  Y.Map itemId → Y.Map { status?, justification: Y.Text, comment: Y.Text }
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import type { ChecklistTemplate } from './templates.ts';

export const STATUSES = ['oui', 'partiel', 'non', 'sans-objet'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = { oui: 'Oui', partiel: 'Partiel', non: 'Non', 'sans-objet': 'Sans objet' };
const POINTS: Record<Exclude<Status, 'sans-objet'>, number> = { oui: 1, partiel: 0.5, non: 0 };

export interface ChecklistItemState {
	id: string;
	/** « A1 »: the kit's code, or the id in capitals for a sheet made before codes were kept. */
	code: string;
	text: string;
	/** « Preuve attendue », '' when the sheet's template has none. */
	evidence: string;
	/** The kit's « À vérifier » caveats on this point. */
	toVerify: string[];
	/** The texts the point rests on. */
	references: string[];
	status: Status | null;
	justification: string;
	comment: string;
	/** « Sans objet » without a justification: the item is not finished. */
	needsJustification: boolean;
}

export interface Score {
	/** Items with a status. */
	answered: number;
	/** Items that count (answered, not « sans objet »). */
	applicable: number;
	total: number;
	/** Oui = 1, partiel = ½, non = 0, over applicable items; null when none applies yet. */
	score: number | null;
}

type Sheet = Y.Map<unknown>;
const answersOf = (sheet: Sheet) => sheet.get('answers') as Y.Map<Y.Map<unknown>>;
const templateOf = (sheet: Sheet) => sheet.get('template') as ChecklistTemplate;

function newAnswer(): Y.Map<unknown> {
	const answer = new Y.Map<unknown>();
	answer.set('justification', new Y.Text());
	answer.set('comment', new Y.Text());
	return answer;
}

export function init(sheet: Sheet, template: ChecklistTemplate): void {
	const answers = new Y.Map<Y.Map<unknown>>();
	sheet.set('answers', answers);
	for (const axis of template.axes) for (const item of axis.items) answers.set(item.id, newAnswer());
}

/** The answer of an item, to write it: created when missing (an item added by a newer kit). */
function ensureAnswer(sheet: Sheet, itemId: string): Y.Map<unknown> {
	const known = templateOf(sheet).axes.some((a) => a.items.some((i) => i.id === itemId));
	if (!known) throw new ModelError('Ce point ne fait pas partie de la check-list.');
	const answers = answersOf(sheet);
	let a = answers.get(itemId);
	if (!a) {
		a = newAnswer();
		answers.set(itemId, a);
	}
	return a;
}

export function setStatus(sheet: Sheet, itemId: string, status: Status | null): void {
	if (status !== null && !(STATUSES as readonly string[]).includes(status)) throw new ModelError(`Réponse inconnue « ${String(status)} ».`);
	const a = ensureAnswer(sheet, itemId);
	if (status === null) a.delete('status');
	else a.set('status', status);
}

export type ItemText = 'justification' | 'comment';

/** An item's justification or comment, or null when it has none yet (reading never creates). */
export function findItemText(sheet: Sheet, itemId: string, kind: ItemText): Y.Text | null {
	const text = answersOf(sheet).get(itemId)?.get(kind);
	return text instanceof Y.Text ? text : null;
}

/** An item's justification or comment, to write into it. */
export function ensureItemText(sheet: Sheet, itemId: string, kind: ItemText): Y.Text {
	const a = ensureAnswer(sheet, itemId);
	let text = a.get(kind);
	if (!(text instanceof Y.Text)) {
		text = new Y.Text();
		a.set(kind, text);
	}
	return text as Y.Text;
}

export function readChecklist(sheet: Sheet): {
	axes: { id: string; code: string; title: string; items: ChecklistItemState[]; score: Score }[];
	overall: Score;
} {
	const answers = answersOf(sheet);
	const axes = templateOf(sheet).axes.map((axis) => {
		const items = axis.items.map((item): ChecklistItemState => {
			const a = answers.get(item.id);
			const raw = a?.get('status');
			const status = (STATUSES as readonly unknown[]).includes(raw) ? (raw as Status) : null;
			const justification = (a?.get('justification') as Y.Text | undefined)?.toString() ?? '';
			return {
				id: item.id,
				code: typeof item.code === 'string' && item.code ? item.code : item.id.toUpperCase(),
				text: item.text,
				evidence: typeof item.evidence === 'string' ? item.evidence : '',
				toVerify: Array.isArray(item.toVerify) ? item.toVerify.filter((t): t is string => typeof t === 'string') : [],
				references: Array.isArray(item.references) ? item.references.filter((t): t is string => typeof t === 'string') : [],
				status,
				justification,
				comment: (a?.get('comment') as Y.Text | undefined)?.toString() ?? '',
				needsJustification: status === 'sans-objet' && justification.trim() === ''
			};
		});
		return { id: axis.id, code: axis.code, title: axis.title, items, score: score(items) };
	});
	return { axes, overall: score(axes.flatMap((a) => a.items)) };
}

function score(items: readonly ChecklistItemState[]): Score {
	let answered = 0;
	let applicable = 0;
	let points = 0;
	for (const item of items) {
		if (!item.status) continue;
		answered++;
		if (item.status === 'sans-objet') continue;
		applicable++;
		points += POINTS[item.status];
	}
	return { answered, applicable, total: items.length, score: applicable === 0 ? null : points / applicable };
}

/** Share of items answered (a « sans objet » counts only once justified). */
export function completion(sheet: Sheet): number {
	const items = readChecklist(sheet).axes.flatMap((a) => a.items);
	if (items.length === 0) return 0;
	return items.filter((i) => i.status !== null && !i.needsJustification).length / items.length;
}
