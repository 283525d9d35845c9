// Clause basket: the clauses chosen for the project's contracts, each with a priority and notes.
//   items  Y.Array<Y.Map { clauseId, priority, note: Y.Text, addedBy }>
// Two people may add the same clause at once: reading keeps the first, and completion ignores the rest.
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { transact } from './transact.ts';
import type { ClausesTemplate } from './templates.ts';

export const PRIORITIES = ['indispensable', 'souhaitable', 'a-discuter'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = {
	indispensable: 'Indispensable',
	souhaitable: 'Souhaitable',
	'a-discuter': 'À discuter'
};

export interface BasketItem {
	clauseId: string;
	title: string;
	theme: string;
	/** From the template snapshot (absent in baskets made before it was kept). */
	purpose?: string;
	points?: string[];
	references?: string[];
	/** What the kit marks « À vérifier » about the clause: carried to every report. */
	toVerify: string[];
	priority: Priority;
	note: string;
	addedBy: string;
}

type Sheet = Y.Map<unknown>;

/** A template's list of strings, whatever a peer wrote there. */
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []);
const itemsOf = (sheet: Sheet) => sheet.get('items') as Y.Array<Y.Map<unknown>>;
const templateOf = (sheet: Sheet) => sheet.get('template') as ClausesTemplate;

export function init(sheet: Sheet): void {
	sheet.set('items', new Y.Array());
}

function checkPriority(priority: string): Priority {
	if (!(PRIORITIES as readonly string[]).includes(priority)) throw new ModelError(`Priorité inconnue « ${priority} ».`);
	return priority as Priority;
}

function find(sheet: Sheet, clauseId: string): Y.Map<unknown> | undefined {
	return itemsOf(sheet)
		.toArray()
		.find((i) => i.get('clauseId') === clauseId);
}

export function addClause(sheet: Sheet, clauseId: string, priority: Priority = 'souhaitable', addedBy = ''): void {
	if (!templateOf(sheet).clauses.some((c) => c.id === clauseId))
		throw new ModelError('Cette clause ne fait pas partie de la bibliothèque.');
	if (find(sheet, clauseId)) throw new ModelError('Cette clause est déjà dans le panier.');
	const item = new Y.Map<unknown>();
	item.set('clauseId', clauseId);
	item.set('priority', checkPriority(priority));
	item.set('note', new Y.Text());
	item.set('addedBy', addedBy);
	itemsOf(sheet).push([item]);
}

/** Removes the clause (every copy, if two people added it at once). */
export function removeClause(sheet: Sheet, clauseId: string): void {
	const items = itemsOf(sheet);
	const run = () => {
		for (let i = items.length - 1; i >= 0; i--) if (items.get(i).get('clauseId') === clauseId) items.delete(i, 1);
	};
	transact(sheet, run);
}

export function setPriority(sheet: Sheet, clauseId: string, priority: Priority): void {
	const item = find(sheet, clauseId);
	if (!item) throw new ModelError('Cette clause n’est plus dans le panier.');
	item.set('priority', checkPriority(priority));
}

export function noteText(sheet: Sheet, clauseId: string): Y.Text {
	const item = find(sheet, clauseId);
	if (!item) throw new ModelError('Cette clause n’est plus dans le panier.');
	return item.get('note') as Y.Text;
}

export function readBasket(sheet: Sheet): BasketItem[] {
	const library = new Map(templateOf(sheet).clauses.map((c) => [c.id, c]));
	const seen = new Set<string>();
	const out: BasketItem[] = [];
	for (const item of itemsOf(sheet).toArray()) {
		const clauseId = item.get('clauseId') as string;
		const clause = library.get(clauseId);
		if (!clause || seen.has(clauseId)) continue;
		seen.add(clauseId);
		const priority = item.get('priority') as string;
		out.push({
			clauseId,
			title: clause.title,
			theme: clause.theme,
			...(clause.purpose ? { purpose: clause.purpose } : {}),
			...(clause.points ? { points: [...clause.points] } : {}),
			...(clause.references ? { references: [...clause.references] } : {}),
			toVerify: strings(clause.toVerify),
			priority: (PRIORITIES as readonly string[]).includes(priority) ? (priority as Priority) : 'souhaitable',
			note: (item.get('note') as Y.Text).toString(),
			addedBy: (item.get('addedBy') as string | undefined) ?? ''
		});
	}
	return out;
}

/** A basket is done once it holds at least one « indispensable » clause. */
export function completion(sheet: Sheet): number {
	const items = readBasket(sheet);
	if (items.length === 0) return 0;
	return items.some((i) => i.priority === 'indispensable') ? 1 : 0.5;
}
