// Question grid: one row per question of the template (plus rows participants add), one column per
// kind of answer. Every cell is a Y.Text so two people typing in the same cell merge.
//   columns  Y.Array<Y.Map { id, label }>
//   rows     Y.Array<Y.Map { id, questionId?, question?: Y.Text, cells: Y.Map<Y.Text> }>
// A kit row's text, explanation and section are read from the sheet's template copy, not stored again.
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { transact } from './transact.ts';
import { newId } from './ids.ts';
import type { GridTemplate } from './templates.ts';

export const DEFAULT_COLUMNS = [
	{ id: 'reponse', label: 'Réponse' },
	{ id: 'acteur', label: 'Acteur responsable' },
	{ id: 'echeance', label: 'Échéance' },
	{ id: 'priorite', label: 'Priorité' }
] as const;

export interface GridColumn {
	id: string;
	label: string;
}

export interface GridRow {
	id: string;
	/** Kit question id, absent for rows added in the atelier. */
	questionId?: string;
	section?: string;
	question: string;
	why?: string;
	custom: boolean;
	cells: Record<string, string>;
}

const LABEL_MAX = 60;

type Sheet = Y.Map<unknown>;
const columnsOf = (sheet: Sheet) => sheet.get('columns') as Y.Array<Y.Map<string>>;
const rowsOf = (sheet: Sheet) => sheet.get('rows') as Y.Array<Y.Map<unknown>>;
const templateOf = (sheet: Sheet) => sheet.get('template') as GridTemplate;

function newRow(id: string, columnIds: string[], fields: { questionId?: string; question?: string }): Y.Map<unknown> {
	const row = new Y.Map<unknown>();
	row.set('id', id);
	if (fields.questionId) row.set('questionId', fields.questionId);
	if (fields.question !== undefined) row.set('question', new Y.Text(fields.question));
	const cells = new Y.Map<Y.Text>();
	for (const columnId of columnIds) cells.set(columnId, new Y.Text());
	row.set('cells', cells);
	return row;
}

export function init(sheet: Sheet, template: GridTemplate, columns: readonly GridColumn[] = DEFAULT_COLUMNS): void {
	const cols = new Y.Array<Y.Map<string>>();
	sheet.set('columns', cols);
	cols.push(
		columns.map((c) => {
			const m = new Y.Map<string>();
			m.set('id', c.id);
			m.set('label', c.label);
			return m;
		})
	);
	const rows = new Y.Array<Y.Map<unknown>>();
	sheet.set('rows', rows);
	const ids = columns.map((c) => c.id);
	rows.push(template.questions.map((q) => newRow(newId(), ids, { questionId: q.id })));
}

export function readColumns(sheet: Sheet): GridColumn[] {
	const seen = new Set<string>();
	const out: GridColumn[] = [];
	for (const c of columnsOf(sheet).toArray()) {
		const id = c.get('id') ?? '';
		if (!id || seen.has(id)) continue;
		seen.add(id);
		out.push({ id, label: c.get('label') ?? '' });
	}
	return out;
}

function findRow(sheet: Sheet, rowId: string): { row: Y.Map<unknown>; index: number } {
	const rows = rowsOf(sheet);
	for (let i = 0; i < rows.length; i++) {
		const row = rows.get(i);
		if (row.get('id') === rowId) return { row, index: i };
	}
	throw new ModelError('Cette ligne n’existe plus dans la grille.');
}

/** The grid without its answers: what changes when a row or a column does, not at every keystroke. */
export function readStructure(sheet: Sheet): { columns: GridColumn[]; rows: Omit<GridRow, 'cells'>[] } {
	const { columns, rows } = readGridWith(sheet, false);
	return { columns, rows: rows.map(({ cells: _cells, ...row }) => row) };
}

export function readGrid(sheet: Sheet): { columns: GridColumn[]; rows: GridRow[] } {
	return readGridWith(sheet, true);
}

function readGridWith(sheet: Sheet, withCells: boolean): { columns: GridColumn[]; rows: GridRow[] } {
	const columns = readColumns(sheet);
	const questions = new Map(templateOf(sheet).questions.map((q) => [q.id, q]));
	const rows = rowsOf(sheet)
		.toArray()
		.map((row): GridRow => {
			const questionId = row.get('questionId') as string | undefined;
			const kit = questionId ? questions.get(questionId) : undefined;
			const cellsMap = row.get('cells') as Y.Map<Y.Text>;
			const cells: Record<string, string> = {};
			if (withCells) for (const c of columns) cells[c.id] = cellsMap.get(c.id)?.toString() ?? '';
			const own = row.get('question') as Y.Text | undefined;
			return {
				id: row.get('id') as string,
				...(questionId ? { questionId } : {}),
				...(kit?.section ? { section: kit.section } : {}),
				question: own ? own.toString() : (kit?.text ?? ''),
				...(kit?.why ? { why: kit.why } : {}),
				custom: !questionId,
				cells
			};
		});
	return { columns, rows };
}

/** Adds a participant's own question after `afterRowId` (or at the end). Returns the row id. */
export function addRow(sheet: Sheet, question: string, afterRowId?: string): string {
	const text = question.trim();
	if (!text) throw new ModelError('Écrivez la question à ajouter.');
	const id = newId();
	const row = newRow(
		id,
		readColumns(sheet).map((c) => c.id),
		{ question: text }
	);
	const rows = rowsOf(sheet);
	const at = afterRowId === undefined ? rows.length : findRow(sheet, afterRowId).index + 1;
	rows.insert(at, [row]);
	return id;
}

/** Removes a row added in the atelier. The kit's questions stay: leave them empty instead. */
export function removeRow(sheet: Sheet, rowId: string): void {
	const { row, index } = findRow(sheet, rowId);
	if (row.get('questionId')) throw new ModelError('Les questions du kit ne peuvent pas être supprimées : laissez la ligne vide.');
	rowsOf(sheet).delete(index, 1);
}

/** The text of a participant's own question, or null for a kit question or a row that is gone. */
export function findQuestion(sheet: Sheet, rowId: string): Y.Text | null {
	const row = rowsOf(sheet)
		.toArray()
		.find((r) => r.get('id') === rowId);
	const text = row?.get('question');
	return text instanceof Y.Text ? text : null;
}

/** The text of a participant's own question, to edit it. */
export function questionText(sheet: Sheet, rowId: string): Y.Text {
	const text = findRow(sheet, rowId).row.get('question');
	if (!(text instanceof Y.Text)) throw new ModelError('Les questions du kit ne se modifient pas.');
	return text;
}

/** The cell's shared text, or null when the row, the column or the cell is not there (reading never creates). */
export function findCell(sheet: Sheet, rowId: string, columnId: string): Y.Text | null {
	if (!readColumns(sheet).some((c) => c.id === columnId)) return null;
	const row = rowsOf(sheet)
		.toArray()
		.find((r) => r.get('id') === rowId);
	const text = (row?.get('cells') as Y.Map<Y.Text> | undefined)?.get(columnId);
	return text instanceof Y.Text ? text : null;
}

/**
 * The cell's shared text, to write into it. Cells are created with their row or column; a cell can
 * only be missing when a row and a column were added concurrently on two devices, and is created here.
 */
export function ensureCell(sheet: Sheet, rowId: string, columnId: string): Y.Text {
	if (!readColumns(sheet).some((c) => c.id === columnId)) throw new ModelError('Cette colonne n’existe plus.');
	const cells = findRow(sheet, rowId).row.get('cells') as Y.Map<Y.Text>;
	let text = cells.get(columnId);
	if (!(text instanceof Y.Text)) {
		text = new Y.Text();
		cells.set(columnId, text);
	}
	return text;
}

function cleanLabel(label: string): string {
	const clean = label.trim();
	if (!clean) throw new ModelError('Donnez un nom à la colonne.');
	if (clean.length > LABEL_MAX) throw new ModelError(`Le nom de colonne ne doit pas dépasser ${LABEL_MAX} caractères.`);
	return clean;
}

/** Adds an answer column (with an empty cell in every row). Returns its id. */
export function addColumn(sheet: Sheet, label: string): string {
	const clean = cleanLabel(label);
	const id = newId(8);
	const run = () => {
		const col = new Y.Map<string>();
		col.set('id', id);
		col.set('label', clean);
		columnsOf(sheet).push([col]);
		for (const row of rowsOf(sheet).toArray()) (row.get('cells') as Y.Map<Y.Text>).set(id, new Y.Text());
	};
	transact(sheet, run);
	return id;
}

export function renameColumn(sheet: Sheet, columnId: string, label: string): void {
	const clean = cleanLabel(label);
	const col = columnsOf(sheet)
		.toArray()
		.find((c) => c.get('id') === columnId);
	if (!col) throw new ModelError('Cette colonne n’existe plus.');
	col.set('label', clean);
}

/** Removes a column and its cells. The last column cannot go: a grid needs somewhere to answer. */
export function removeColumn(sheet: Sheet, columnId: string): void {
	const cols = columnsOf(sheet);
	if (readColumns(sheet).length <= 1) throw new ModelError('Une grille garde au moins une colonne de réponse.');
	const run = () => {
		for (let i = cols.length - 1; i >= 0; i--) if (cols.get(i).get('id') === columnId) cols.delete(i, 1);
		for (const row of rowsOf(sheet).toArray()) (row.get('cells') as Y.Map<Y.Text>).delete(columnId);
	};
	transact(sheet, run);
}

/** Share of rows whose first column holds an answer. */
export function completion(sheet: Sheet): number {
	const { columns, rows } = readGrid(sheet);
	const first = columns[0];
	if (!first || rows.length === 0) return 0;
	return rows.filter((r) => (r.cells[first.id] ?? '').trim() !== '').length / rows.length;
}
