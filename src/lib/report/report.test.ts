import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { BOM, sheetCsv, sheetRows } from './csv.ts';
import { escapeMarkdown, reportMarkdown } from './markdown.ts';
import { buildReport, deadlineKey, reportFileName } from './report.ts';
import { reportBlocks } from './blocks.ts';
import * as Y from 'yjs';
import { addSheet, facilitation, getSheet, grid, listSheets } from '$lib/model';
import { GRID, newAtelier } from '$lib/model/test-helpers';
import { LONG, richAtelier, XSS } from './fixture.test-helper.ts';

const NOW = new Date('2026-12-01T10:00:00Z');

describe('the report of an atelier', () => {
	it('carries the agenda, ranked dot-votes (unrevealed ones only for facilitators) and anonymous steps', () => {
		const doc = richAtelier();
		const [gridSheet, , , clauseSheet] = listSheets(doc);
		if (!gridSheet || !clauseSheet) throw new Error('fixture');
		const rows = grid.readGrid(getSheet(doc, gridSheet.id));
		facilitation.setAgendaStart(doc, 'p1', '14:00');
		facilitation.addAgendaItem(doc, 'p1', { id: 's1', title: 'Brainstorming', durationMin: 50, sheetId: gridSheet.id, rule: 'masque' });
		facilitation.addAgendaItem(doc, 'p1', {
			id: 's2',
			title: 'Procès du contrat',
			durationMin: 70,
			sheetId: clauseSheet.id,
			rule: 'anonyme'
		});
		facilitation.startAgendaStep(doc, 'p1', 's2');
		facilitation.setVoting(doc, 'p1', gridSheet.id, { open: true, budget: 3 });
		facilitation.castVote(doc, 'p2', gridSheet.id, rows.rows[1]!.id, 1);
		facilitation.castVote(doc, 'p2', gridSheet.id, rows.rows[1]!.id, 1);
		facilitation.castVote(doc, 'p1', gridSheet.id, rows.rows[0]!.id, 1);

		const report = buildReport(doc, { now: NOW, viewerId: 'p1' });
		expect(report.agenda).toEqual({
			start: '14:00',
			endsAt: '16:00',
			totalMin: 120,
			items: [
				{
					startsAt: '14:00',
					endsAt: '14:50',
					title: 'Brainstorming',
					sheet: gridSheet.title,
					rule: 'Réponses masquées jusqu’au dévoilement'
				},
				{ startsAt: '14:50', endsAt: '16:00', title: 'Procès du contrat', sheet: clauseSheet.title, rule: 'Anonyme' }
			]
		});
		expect(report.facilitation[gridSheet.id]?.votes?.slice(0, 2)).toEqual([
			{ label: `2. ${rows.rows[1]!.question}`, dots: 2, voters: 1 },
			{ label: `1. ${rows.rows[0]!.question}`, dots: 1, voters: 1 }
		]);
		expect(report.facilitation[clauseSheet.id]).toEqual({ anonymous: true, votes: null });
		const text = reportBlocks(report)
			.map((b) => JSON.stringify(b))
			.join('\n');
		expect(text).toContain('De 14:00 à 16:00 (2\u00a0h)');
		expect(text).toContain('2 gommettes (1 personne)');
		expect(text).toContain('Étape anonyme');
		// Plural agreement, no « (s) ».
		expect(text).toContain('2\u00a0participants ont donné leurs poids et leurs notes.');
		expect(text).not.toMatch(/\(s\)/);
		expect(reportMarkdown(report)).toMatch(/\| 14:00–14:50 \| Brainstorming \|/);
		// A participant's export before the reveal leaves the results out; after it, they are in.
		expect(buildReport(doc, { viewerId: 'p2' }).facilitation[gridSheet.id]?.votes).toBeNull();
		facilitation.setVoting(doc, 'p1', gridSheet.id, { revealed: true });
		expect(buildReport(doc, { viewerId: 'p2' }).facilitation[gridSheet.id]?.votes?.[0]?.dots).toBe(2);
	});

	it('holds every sheet, the participants by role and the action plan sorted by priority, or by deadline', () => {
		const report = buildReport(richAtelier(), { now: NOW });
		expect(report.sheets.map((s) => s.kind)).toEqual(['grid', 'checklist', 'comparator', 'clauses', 'inventory', 'notes']);
		expect(report.participants).toEqual([
			{ role: 'Animateur·rice', names: ['Élodie Durand'] },
			{ role: 'Participant·e', names: ['Jean-Noël Lefèvre'] },
			{ role: 'Observateur·rice', names: ['Œdipe Ñandú'] }
		]);
		expect(report.actions.map((a) => [a.priority, a.deadline, a.owner])).toEqual([
			['Haute', 'mars 2027', 'Service mobilité'],
			['Moyenne', '', 'Élus'],
			['Basse', '15 décembre 2026', 'DSI; "mutualisée"']
		]);
		expect(buildReport(richAtelier(), { now: NOW, actionOrder: 'echeance' }).actions.map((a) => a.owner)).toEqual([
			'DSI; "mutualisée"',
			'Service mobilité',
			'Élus'
		]);
		const gridSheet = report.sheets[0];
		expect(gridSheet?.kind === 'grid' && gridSheet.rows[0]?.cells).toMatchObject({ echeance: 'mars 2027', priorite: 'Haute' });
		const checklistSheet = report.sheets[1];
		expect(checklistSheet?.kind === 'checklist' && checklistSheet.axes[0]?.items[1]).toMatchObject({
			status: 'sans-objet',
			justification: 'Aucune donnée personnelle traitée.'
		});
		const clauses = report.sheets[3];
		expect(clauses?.kind === 'clauses' && clauses.items).toEqual([
			{
				title: 'Restitution en fin de contrat',
				theme: 'Réversibilité',
				priority: 'Indispensable',
				note: 'Format ouvert exigé (CSV, GeoJSON).',
				points: [],
				references: [],
				toVerify: []
			}
		]);
	});

	it('leaves names out when anonymous', () => {
		expect(buildReport(richAtelier(), { anonymous: true }).participants).toEqual([]);
	});

	it('can hold a single sheet', () => {
		const doc = richAtelier();
		const id = (doc.getArray('sheetOrder').toArray() as string[])[5] as string;
		expect(buildReport(doc, { sheetIds: [id] }).sheets.map((s) => s.title)).toEqual(['Décisions']);
	});

	it('ranks an older sheet’s free-text priority « Haute » as the choice, and keeps an unreadable deadline as written', () => {
		const doc = newAtelier(1);
		const g = doc.getMap('sheets').get(addSheet(doc, GRID)) as Y.Map<unknown>;
		const cells = (g.get('rows') as Y.Array<Y.Map<unknown>>).get(0).get('cells') as Y.Map<unknown>;
		cells.set('priorite', new Y.Text(' Haute '));
		cells.set('echeance', new Y.Text('2027-02-30'));
		const [action] = buildReport(doc, { now: NOW }).actions;
		expect(action).toMatchObject({ priority: 'Haute', priorityRank: 0, deadline: '2027-02-30' });
	});

	it('sorts free-text deadlines', () => {
		const sorted = ['', 'fin 2027', 'T1 2027', 'mars 2027', '2027-03', '2027-03-15', '15/01/2027', '2026-12-15', 'un jour'].sort((a, b) =>
			deadlineKey(a).localeCompare(deadlineKey(b))
		);
		// A month means by its end: after its days, before the quarter that ends with it.
		expect(sorted).toEqual(['2026-12-15', '15/01/2027', '2027-03-15', 'mars 2027', '2027-03', 'T1 2027', 'fin 2027', 'un jour', '']);
	});

	it('names files readably', () => {
		expect(reportFileName({ title: 'Atelier « Données & mobilité » — Caen', date: '2026-12-03' }, 'docx')).toBe(
			'2026-12-03-atelier-donnees-mobilite-caen.docx'
		);
		expect(reportFileName({ title: '???', date: '' }, 'csv', 'Grille — Partir des besoins')).toBe(
			'atelier-sans-titre-grille-partir-des-besoins.csv'
		);
		expect(reportFileName({ title: 'L’atelier de Vitré', date: 'pas une date' }, 'md')).toBe('l-atelier-de-vitre.md');
	});
});

describe('Markdown export', () => {
	it('keeps every answer, escapes user text so payloads stay text, and renders to safe HTML', () => {
		const md = reportMarkdown(buildReport(richAtelier(), { now: NOW }));
		expect(md).toContain('# Atelier test');
		expect(md).toContain('Élodie Durand');
		expect(md).toContain('Service mobilité');
		expect(md).toContain(LONG.slice(0, 200));
		const html = marked.parse(md, { async: false });
		expect(html).not.toMatch(/<script|<img|href="javascript/);
		// A typed web address stays a plain, working address; Markdown link syntax stays text.
		expect(html).toContain('href="https://example.org/rapport?a=1&amp;b=2"');
		expect(html).toContain('[le rapport]');
		expect(html).toContain('&lt;script&gt;');
		expect(html).not.toContain('<h1>Pas un titre');
		expect(html).toContain('Plan d’action');
	});

	it('escapes every Markdown sign', () => {
		expect(escapeMarkdown('*a* _b_ [c](d) # e | f')).toBe('\\*a\\* \\_b\\_ \\[c\\](d) \\# e \\| f');
		expect(escapeMarkdown('- item\n1. un\nfin.')).toBe('\\- item  \n1\\. un  \nfin.');
	});
});

describe('CSV export', () => {
	it('starts with a BOM, uses the delimiter asked for, and parses back to the same cells', () => {
		const report = buildReport(richAtelier(), { now: NOW });
		for (const sheet of report.sheets) {
			for (const delimiter of [',', ';'] as const) {
				const csv = sheetCsv(sheet, delimiter);
				expect(csv.startsWith(BOM)).toBe(true);
				const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter, skipEmptyLines: false });
				expect(parsed.errors).toEqual([]);
				// Formula-like cells are defused with a leading apostrophe.
				const expected = sheetRows(sheet).map((row) => row.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
				expect(parsed.data).toEqual(expected);
			}
		}
	});

	it('defuses spreadsheet formulas typed as answers', () => {
		const grid = buildReport(richAtelier()).sheets[0]!;
		expect(sheetCsv(grid)).toContain("'=SOMME(A1:A9)");
		expect(sheetCsv(grid)).not.toMatch(/[,;]=SOMME/);
		// Payloads are data in a CSV: kept verbatim (quotes doubled), for the reader to see.
		expect(sheetCsv(grid)).toContain(XSS.replace(/"/g, '""'));
	});
});
