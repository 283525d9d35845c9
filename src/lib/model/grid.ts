// Question grid: one row per question of the template (plus rows participants add), one column per
// kind of answer. Every cell is a Y.Text so two people typing in the same cell merge.
//   columns  Y.Array<Y.Map { id, label }>
//   rows     Y.Array<Y.Map { id, questionId?, question?: Y.Text, cells: Y.Map<Y.Text | string> }>
// A kit row's text, explanation and section are read from the sheet's template copy, not stored again.
// The deadline and the priority are choices, not text: their cell holds a plain string (« 2027-03 »,
// « haute »), last writer wins, so two people choosing at once never merge into « 2027-032027-04 ».
// A sheet made before they were typed keeps its Y.Text there; it is read as free text (`legacy`)
// until someone chooses a value, which replaces it.
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

/** What a column holds: free text, a deadline (month or day) or one of three priorities. */
export type ColumnKind = 'text' | 'deadline' | 'priority';

export interface GridColumn {
	id: string;
	label: string;
	kind: ColumnKind;
	/** One of the action columns (who, when, how urgent): shown on demand, per question. */
	action: boolean;
}

const KINDS = new Map<string, ColumnKind>([
	['echeance', 'deadline'],
	['priorite', 'priority']
]);
const ACTION_COLUMNS = new Set(['acteur', 'echeance', 'priorite']);

export const PRIORITIES = ['haute', 'moyenne', 'basse'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = { haute: 'Haute', moyenne: 'Moyenne', basse: 'Basse' };

/** « 2027-03 » (a month) or « 2027-03-15 » (a day that exists). */
export function isDeadline(value: string): boolean {
	const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
	if (!m) return false;
	const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
	if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
	return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const validChoice = (kind: ColumnKind, value: string): boolean =>
	kind === 'deadline' ? isDeadline(value) : kind === 'priority' ? (PRIORITIES as readonly string[]).includes(value) : false;

/** A typed cell as stored: its value when valid (else ''), and the free text of an older sheet. */
export interface Choice {
	value: string;
	legacy: string;
}

export interface GridRow {
	id: string;
	/** Kit question id, absent for rows added in the atelier. */
	questionId?: string;
	section?: string;
	question: string;
	why?: string;
	custom: boolean;
	/** The group marked this answer as a decision of the atelier: it heads the report's synthesis. */
	decision: boolean;
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
	// Typed cells (deadline, priority) stay absent until chosen.
	for (const columnId of columnIds) if (!KINDS.has(columnId)) cells.set(columnId, new Y.Text());
	row.set('cells', cells);
	return row;
}

export function init(sheet: Sheet, template: GridTemplate, columns: readonly { id: string; label: string }[] = DEFAULT_COLUMNS): void {
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
		out.push({ id, label: c.get('label') ?? '', kind: KINDS.get(id) ?? 'text', action: ACTION_COLUMNS.has(id) });
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

export interface StructureRow extends Omit<GridRow, 'cells'> {
	/** The typed cells (deadline, priority), which change by choice, not by keystroke. */
	choices: Record<string, Choice>;
	/** Whether any action column of the row holds something: then its action fields are shown. */
	hasAction: boolean;
}

/** The grid without its text answers: what changes when a row, a column or a choice does, not at every keystroke. */
export function readStructure(sheet: Sheet): { columns: GridColumn[]; rows: StructureRow[] } {
	const columns = readColumns(sheet);
	const typed = columns.filter((c) => c.kind !== 'text');
	const actions = columns.filter((c) => c.action);
	const rows = readGridWith(sheet, false).rows.map(({ cells: _cells, ...row }, i): StructureRow => {
		const cells = rowsOf(sheet).get(i).get('cells') as Y.Map<unknown>;
		const choices = Object.fromEntries(typed.map((c) => [c.id, readChoice(cells, c)]));
		const hasAction = actions.some((c) => {
			const cell = cells.get(c.id);
			return typeof cell === 'string' ? validChoice(c.kind, cell) : cell instanceof Y.Text && cell.length > 0;
		});
		return { ...row, choices, hasAction };
	});
	return { columns, rows };
}

function readChoice(cells: Y.Map<unknown>, column: GridColumn): Choice {
	const cell = cells.get(column.id);
	if (typeof cell === 'string') return { value: validChoice(column.kind, cell) ? cell : '', legacy: '' };
	if (cell instanceof Y.Text) return { value: '', legacy: cell.toString().trim() };
	return { value: '', legacy: '' };
}

/** Sets a deadline (« 2027-03 », « 2027-03-15 ») or a priority (« haute »…), or clears it with ''. */
export function setChoice(sheet: Sheet, rowId: string, columnId: string, value: string): void {
	const column = readColumns(sheet).find((c) => c.id === columnId);
	if (!column) throw new ModelError('Cette colonne n’existe plus.');
	if (column.kind === 'text') throw new ModelError('Cette colonne se remplit en texte libre.');
	if (value !== '' && !validChoice(column.kind, value))
		throw new ModelError(
			column.kind === 'deadline' ? `Échéance invalide « ${value} » : choisissez un mois ou une date.` : `Priorité inconnue « ${value} ».`
		);
	(findRow(sheet, rowId).row.get('cells') as Y.Map<unknown>).set(columnId, value);
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
			const cellsMap = row.get('cells') as Y.Map<unknown>;
			const cells: Record<string, string> = {};
			if (withCells)
				for (const c of columns) {
					if (c.kind === 'text') cells[c.id] = cellsMap.get(c.id)?.toString() ?? '';
					else {
						const choice = readChoice(cellsMap, c);
						cells[c.id] = choice.value || choice.legacy;
					}
				}
			const own = row.get('question') as Y.Text | undefined;
			return {
				id: row.get('id') as string,
				...(questionId ? { questionId } : {}),
				...(kit?.section ? { section: kit.section } : {}),
				question: own ? own.toString() : (kit?.text ?? ''),
				...(kit?.why ? { why: kit.why } : {}),
				custom: !questionId,
				decision: row.get('decision') === true,
				cells
			};
		});
	return { columns, rows };
}

/** Marks (or unmarks) a row's answer as a decision of the atelier. */
export function setDecision(sheet: Sheet, rowId: string, decision: boolean): void {
	const { row } = findRow(sheet, rowId);
	if (decision) row.set('decision', true);
	else row.delete('decision');
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
	if (!readColumns(sheet).some((c) => c.id === columnId && c.kind === 'text')) return null;
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
	const column = readColumns(sheet).find((c) => c.id === columnId);
	if (!column) throw new ModelError('Cette colonne n’existe plus.');
	if (column.kind !== 'text') throw new ModelError('Cette colonne se remplit par un choix, pas en texte libre.');
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
