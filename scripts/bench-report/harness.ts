// Browser side of the report bench (bundled by scripts/bench.ts, never shipped): builds a filled
// 10-sheet atelier from the kit's templates, then times each report format as the app produces it.
import * as Y from 'yjs';
import {
	addSheet,
	basket,
	checklist,
	comparator,
	createAtelier,
	grid,
	joinRoster,
	notes,
	setText,
	type SheetTemplate
} from '../../src/lib/model/index.ts';
import { buildReport } from '../../src/lib/report/report.ts';
import { reportMarkdown } from '../../src/lib/report/markdown.ts';
import { sheetCsv } from '../../src/lib/report/csv.ts';
import { exportBackup } from '../../src/lib/storage/backup.ts';
import { reportOdt } from '../../src/lib/report/odt.ts';
import { canvasRasterizer, reportDocx } from '../../src/lib/report/docx.ts';

const TEXT = 'Mutualiser les comptages, publier en open data sous licence ouverte, confier la maintenance au service SIG. ';

async function atelier(): Promise<Y.Doc> {
	const { choices } = (await (await fetch('/ateliers/kit.json')).json()) as { choices: { key: string; template: SheetTemplate }[] };
	const doc = new Y.Doc();
	createAtelier(doc, { title: 'Atelier de bench', date: '2026-12-03', territory: 'Territoire', place: 'Salle' }, { kitVersion: 'bench' });
	for (let p = 0; p < 30; p++) joinRoster(doc, { id: `p${p}`, name: `Participant ${p}`, role: p === 0 ? 'animateur' : 'participant' });
	const keys = choices
		.filter((c) => c.key.startsWith('grid:'))
		.slice(0, 7)
		.map((c) => c.key)
		.concat(['checklist', 'comparator', 'clauses']);
	for (const key of keys) {
		const template = choices.find((c) => c.key === key)!.template;
		const sheet = doc.getMap('sheets').get(addSheet(doc, template)) as Y.Map<unknown>;
		if (template.kind === 'grid') {
			for (const row of grid.readGrid(sheet).rows) {
				setText(grid.ensureCell(sheet, row.id, 'reponse'), TEXT.repeat(3));
				setText(grid.ensureCell(sheet, row.id, 'acteur'), 'Service SIG');
				grid.setChoice(sheet, row.id, 'echeance', '2027-03');
				grid.setChoice(sheet, row.id, 'priorite', 'haute');
			}
		} else if (template.kind === 'checklist') {
			for (const axis of template.axes) for (const item of axis.items) checklist.setStatus(sheet, item.id, 'partiel');
		} else if (template.kind === 'comparator') {
			for (let p = 0; p < 30; p++)
				for (const v of template.vehicles)
					for (const c of template.criteria) comparator.setScore(sheet, `p${p}`, v.id, c.id, (p + v.id.length + c.id.length) % 6);
		} else if (template.kind === 'clauses') {
			for (const clause of template.clauses.slice(0, 15)) {
				basket.addClause(sheet, clause.id, 'indispensable');
				setText(basket.noteText(sheet, clause.id), TEXT);
			}
		}
	}
	setText(
		notes.bodyText(doc.getMap('sheets').get(addSheet(doc, { kind: 'notes', source: 'notes', title: 'Notes' })) as Y.Map<unknown>),
		TEXT.repeat(20)
	);
	return doc;
}

async function run(): Promise<Record<string, { ms: number; bytes: number }>> {
	const doc = await atelier();
	const out: Record<string, { ms: number; bytes: number }> = {};
	const time = async (name: string, make: () => Promise<Uint8Array | string> | Uint8Array | string) => {
		const start = performance.now();
		const result = await make();
		out[name] = {
			ms: Math.round(performance.now() - start),
			bytes: typeof result === 'string' ? new TextEncoder().encode(result).length : result.length
		};
	};
	// Each format from the document, as the export buttons do (report built each time).
	await time('DOCX', () => reportDocx(buildReport(doc), canvasRasterizer));
	await time('ODT', () => reportOdt(buildReport(doc)));
	await time('Markdown', () => reportMarkdown(buildReport(doc)));
	await time('CSV (all sheets)', () =>
		buildReport(doc)
			.sheets.map((s) => sheetCsv(s, ';'))
			.join('')
	);
	await time('JSON backup', () => exportBackup(doc));
	return out;
}

(window as unknown as { benchReport: object }).benchReport = { run };
