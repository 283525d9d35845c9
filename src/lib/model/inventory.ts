// Data inventory: one row per dataset, columns from the template (text, choice or yes/no).
//   rows  Y.Array<Y.Map { id, cells: Y.Map<Y.Text | string | boolean> }>
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { newId } from './ids.ts';
import type { InventoryTemplate } from './templates.ts';

export type InventoryValue = string | boolean | null;

export interface InventoryRow {
	id: string;
	cells: Record<string, InventoryValue>;
}

type Sheet = Y.Map<unknown>;
const rowsOf = (sheet: Sheet) => sheet.get('rows') as Y.Array<Y.Map<unknown>>;
const templateOf = (sheet: Sheet) => sheet.get('template') as InventoryTemplate;

export function check(template: InventoryTemplate): void {
	if (template.columns.length === 0) throw new ModelError('Un inventaire a besoin d’au moins une colonne.');
}

export function init(sheet: Sheet): void {
	sheet.set('rows', new Y.Array());
}

export function addRow(sheet: Sheet): string {
	const id = newId();
	const row = new Y.Map<unknown>();
	row.set('id', id);
	const cells = new Y.Map<unknown>();
	for (const c of templateOf(sheet).columns) if (c.type === 'text') cells.set(c.id, new Y.Text());
	row.set('cells', cells);
	rowsOf(sheet).push([row]);
	return id;
}

function findRow(sheet: Sheet, rowId: string): { row: Y.Map<unknown>; index: number } {
	const rows = rowsOf(sheet);
	for (let i = 0; i < rows.length; i++) if (rows.get(i).get('id') === rowId) return { row: rows.get(i), index: i };
	throw new ModelError('Cette ligne n’existe plus dans l’inventaire.');
}

function column(sheet: Sheet, columnId: string) {
	const c = templateOf(sheet).columns.find((col) => col.id === columnId);
	if (!c) throw new ModelError('Colonne inconnue.');
	return c;
}

export function removeRow(sheet: Sheet, rowId: string): void {
	rowsOf(sheet).delete(findRow(sheet, rowId).index, 1);
}

/** A text cell's shared text, or null when it holds nothing yet (reading never creates). */
export function findCellText(sheet: Sheet, rowId: string, columnId: string): Y.Text | null {
	const row = rowsOf(sheet)
		.toArray()
		.find((r) => r.get('id') === rowId);
	const text = (row?.get('cells') as Y.Map<unknown> | undefined)?.get(columnId);
	return text instanceof Y.Text ? text : null;
}

/** A text cell's shared text, to write into it (created on first write). */
export function ensureCellText(sheet: Sheet, rowId: string, columnId: string): Y.Text {
	if (column(sheet, columnId).type !== 'text') throw new ModelError('Cette colonne n’est pas une colonne de texte.');
	const cells = findRow(sheet, rowId).row.get('cells') as Y.Map<unknown>;
	let text = cells.get(columnId);
	if (!(text instanceof Y.Text)) {
		text = new Y.Text();
		cells.set(columnId, text);
	}
	return text as Y.Text;
}

/** Sets a choice or yes/no cell; null empties it. */
export function setValue(sheet: Sheet, rowId: string, columnId: string, value: string | boolean | null): void {
	const c = column(sheet, columnId);
	const cells = findRow(sheet, rowId).row.get('cells') as Y.Map<unknown>;
	if (value === null) {
		cells.delete(columnId);
		return;
	}
	if (c.type === 'choice' && (typeof value !== 'string' || !(c.options ?? []).includes(value)))
		throw new ModelError(`Valeur non prévue pour « ${c.label} ».`);
	if (c.type === 'boolean' && typeof value !== 'boolean') throw new ModelError(`« ${c.label} » attend oui ou non.`);
	if (c.type === 'text') throw new ModelError('Une colonne de texte se modifie par son texte.');
	cells.set(columnId, value);
}

export function readInventory(sheet: Sheet): { columns: InventoryTemplate['columns']; rows: InventoryRow[] } {
	const columns = templateOf(sheet).columns;
	const rows = rowsOf(sheet)
		.toArray()
		.map((row) => {
			const cells = row.get('cells') as Y.Map<unknown>;
			const out: Record<string, InventoryValue> = {};
			for (const c of columns) {
				const v = cells.get(c.id);
				out[c.id] =
					v instanceof Y.Text ? v.toString() : typeof v === 'string' || typeof v === 'boolean' ? v : c.type === 'text' ? '' : null;
			}
			return { id: row.get('id') as string, cells: out };
		});
	return { columns, rows };
}

/** Share of filled cells over the rows entered (0 while empty). */
export function completion(sheet: Sheet): number {
	const { columns, rows } = readInventory(sheet);
	if (rows.length === 0 || columns.length === 0) return 0;
	const filled = rows.reduce((n, r) => n + columns.filter((c) => r.cells[c.id] !== null && r.cells[c.id] !== '').length, 0);
	return filled / (rows.length * columns.length);
}
