// One CSV per sheet, through Papa Parse. UTF-8 with a byte-order mark so Excel shows accents; comma
// by default, semicolon for French spreadsheets (where the comma is the decimal separator).
import Papa from 'papaparse';
import { STATUS_TEXT, type ReportSheet } from './report.ts';

export type Delimiter = ',' | ';';
export const BOM = '\ufeff';

/** Header row and data rows of a sheet, as the CSV holds them. */
export function sheetRows(sheet: ReportSheet): string[][] {
	switch (sheet.kind) {
		case 'grid':
			return [
				['N°', 'Section', 'Question', ...sheet.columns.map((c) => c.label)],
				...sheet.rows.map((r) => [String(r.number), r.section ?? '', r.question, ...sheet.columns.map((c) => r.cells[c.id] ?? '')])
			];
		case 'checklist':
			return [
				['Axe', 'Critère', 'Réponse', 'Justification', 'Commentaire'],
				...sheet.axes.flatMap((a) =>
					a.items.map((i) => [`${a.code}. ${a.title}`, i.text, STATUS_TEXT[i.status] ?? i.status, i.justification, i.comment])
				)
			];
		case 'comparator':
			return [
				['Rang', 'Structure', 'Note pondérée moyenne', 'Minimum', 'Maximum', 'Avis'],
				...sheet.ranking.map((r) => [String(r.rank), r.title, r.mean.toFixed(2), r.min.toFixed(2), r.max.toFixed(2), String(r.count)])
			];
		case 'clauses':
			return [['Clause', 'Thème', 'Priorité', 'Notes'], ...sheet.items.map((i) => [i.title, i.theme, i.priority, i.note])];
		case 'inventory':
			return [sheet.columns.map((c) => c.label), ...sheet.rows.map((r) => sheet.columns.map((c) => r[c.id] ?? ''))];
		case 'notes':
			return [['Notes'], [sheet.body]];
	}
}

/**
 * Cells that a spreadsheet would run as a formula (= + - @ at the start) are prefixed with an
 * apostrophe: an exported answer must never execute in the reader's spreadsheet.
 */
function defuse(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function sheetCsv(sheet: ReportSheet, delimiter: Delimiter = ','): string {
	return rowsCsv(sheetRows(sheet), delimiter);
}

/** Any rows (a sheet's, a synthesis's) as CSV, formulas defused. */
export function rowsCsv(rows: readonly (readonly string[])[], delimiter: Delimiter = ','): string {
	return (
		BOM +
		Papa.unparse(
			rows.map((row) => row.map(defuse)),
			{ delimiter, newline: '\r\n', quotes: false }
		)
	);
}
