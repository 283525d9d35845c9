// The cross-atelier synthesis over real atelier documents (issue 17): three territories that answered
// the same kit sheets, a copy of one of them, hidden answers and votes, a free sheet.
import * as Y from 'yjs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
	addSheet,
	basket,
	checklist,
	comparator,
	createAtelier,
	facilitation,
	grid,
	inventory,
	joinRoster,
	notes,
	setText
} from '$lib/model';
import { CHECKLIST, CLAUSES, COMPARATOR, GRID, INVENTORY, fork } from '$lib/model/test-helpers';
import { compareAteliers, distinctAteliers } from './comparison.ts';
import { comparisonBlocks, comparisonRows } from './comparison-blocks.ts';
import { documentDocx } from './docx.ts';
import { documentOdt } from './odt.ts';
import { blocksMarkdown } from './markdown.ts';

function atelier(territory: string, date: string, clientID: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	createAtelier(
		doc,
		{ title: `Atelier données ${territory}`, date, territory, place: 'Mairie' },
		{ kitVersion: 'test', now: new Date(`${date}T09:00:00Z`) }
	);
	joinRoster(doc, { id: 'anim', name: 'Claire Animatrice', role: 'animateur' });
	joinRoster(doc, { id: 'p1', name: 'Paul Participant', role: 'participant' });
	return doc;
}

const sheet = (doc: Y.Doc, id: string) => doc.getMap('sheets').get(id) as Y.Map<unknown>;

function answer(doc: Y.Doc, gridId: string, row: number, text: string): void {
	const g = sheet(doc, gridId);
	setText(grid.ensureCell(g, grid.readGrid(g).rows[row]!.id, 'reponse'), text);
}

/** Three territories: Caen and Lisieux answer question 1, only Caen question 2, nobody question 3. */
function threeAteliers() {
	const caen = atelier('Caen la Mer', '2026-10-01', 1);
	const lisieux = atelier('Lisieux Normandie', '2026-10-15', 2);
	const rouen = atelier('Métropole de Rouen', '2026-11-05', 3);
	const grids = [caen, lisieux, rouen].map((d) => addSheet(d, GRID));
	answer(caen, grids[0]!, 0, 'Réduire la congestion');
	answer(lisieux, grids[1]!, 0, 'Suivre la qualité de l’eau');
	answer(caen, grids[0]!, 1, 'Le service mobilité');
	grid.setDecision(sheet(lisieux, grids[1]!), grid.readGrid(sheet(lisieux, grids[1]!)).rows[0]!.id, true);

	const lists = [caen, lisieux].map((d) => sheet(d, addSheet(d, CHECKLIST)));
	checklist.setStatus(lists[0]!, 'a1', 'oui');
	checklist.setStatus(lists[0]!, 'b1', 'non');
	checklist.setStatus(lists[1]!, 'a1', 'non');
	checklist.setStatus(lists[1]!, 'b1', 'non');

	const comparators = [caen, lisieux, rouen].map((d) => addSheet(d, COMPARATOR));
	comparator.setWeight(sheet(caen, comparators[0]!), 'p1', 'controle', 5);
	comparator.setWeight(sheet(lisieux, comparators[1]!), 'p1', 'ouverture', 5);
	comparator.setWeight(sheet(rouen, comparators[2]!), 'p1', 'ouverture', 5);
	// Rouen's answers are still hidden: they are nobody's to count yet.
	facilitation.setSheetRule(rouen, 'anim', comparators[2]!, { hidden: true });

	for (const d of [caen, lisieux]) basket.addClause(sheet(d, addSheet(d, CLAUSES)), 'd1', 'indispensable', 'p1');
	basket.addClause(sheet(rouen, addSheet(rouen, CLAUSES)), 'a1', 'souhaitable', 'p1');

	for (const [d, names] of [
		[caen, ['Comptages vélos', 'Parkings']],
		[rouen, ['Comptages  VÉLOS', 'Arbres']]
	] as const) {
		const inv = sheet(d, addSheet(d, INVENTORY));
		for (const name of names) setText(inventory.ensureCellText(inv, inventory.addRow(inv), 'jeu'), name);
	}

	// A dot-vote revealed at Caen, another still hidden at Lisieux.
	facilitation.setVoting(caen, 'anim', grids[0]!, { budget: 3, open: true });
	facilitation.castVote(caen, 'p1', grids[0]!, grid.readGrid(sheet(caen, grids[0]!)).rows[1]!.id, 1);
	facilitation.setVoting(caen, 'anim', grids[0]!, { open: false, revealed: true });
	facilitation.setVoting(lisieux, 'anim', grids[1]!, { budget: 3, open: true });
	facilitation.castVote(lisieux, 'p1', grids[1]!, grid.readGrid(sheet(lisieux, grids[1]!)).rows[2]!.id, 1);

	setText(
		notes.bodyText(sheet(rouen, addSheet(rouen, { kind: 'notes', source: 'notes', title: 'Idées en vrac' }))),
		'Un observatoire partagé des arbres.'
	);
	return { caen, lisieux, rouen };
}

describe('compareAteliers', () => {
	it('puts each kit question’s answers side by side, with the ateliers that left it unanswered', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const c = compareAteliers([caen, lisieux, rouen]);
		expect(c.ateliers.map((a) => a.label)).toEqual([
			'Caen la Mer (01/10/2026)',
			'Lisieux Normandie (15/10/2026)',
			'Métropole de Rouen (05/11/2026)'
		]);
		expect(c.grids).toHaveLength(1);
		const [q1, q2, q3] = c.grids[0]!.questions;
		expect(q1?.answers).toEqual(['Réduire la congestion', 'Suivre la qualité de l’eau', '']);
		expect(q1?.decisions).toEqual([false, true, false]);
		expect(q2?.answers).toEqual(['Le service mobilité', '', '']);
		expect(q3?.answers).toEqual(['', '', '']);
	});

	it('scores the checklist per atelier and names the points most often « Non »', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const [list] = compareAteliers([caen, lisieux, rouen]).checklists;
		expect(list?.scores[2]).toBeNull();
		expect(list?.scores[0]?.overall.score).toBe(0.5);
		expect(list?.scores[1]?.overall.score).toBe(0);
		expect(list?.weakest[0]).toMatchObject({ code: 'B1', non: 2, answered: 2 });
	});

	it('ranks the structures across ateliers, leaving out answers still hidden, and shows where they disagree', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const [cp] = compareAteliers([caen, lisieux, rouen]).comparators;
		expect(cp?.rankings[2]).toBeNull();
		expect([cp?.rankings[0]?.[0]?.title, cp?.rankings[1]?.[0]?.title]).toEqual(['Régie', 'SCIC']);
		expect(cp?.overall.find((o) => o.title === 'Régie')).toMatchObject({ ranks: [1, 3, null], gap: 2 });
		expect(compareAteliers([caen, lisieux, rouen]).setAside).toEqual([{ atelier: 2, title: COMPARATOR.title, reason: 'hidden' }]);
	});

	it('counts clauses, finds datasets named in several places, keeps revealed votes only and lists free sheets apart', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const c = compareAteliers([caen, lisieux, rouen]);
		expect(c.clauses.map((cl) => [cl.title, cl.ateliers])).toEqual([
			['Restitution en fin de contrat', [0, 1]],
			['Définir les données', [2]]
		]);
		expect(c.datasets).toEqual([{ name: 'Comptages vélos', ateliers: [0, 2] }]);
		expect(c.inventories).toEqual([['Comptages vélos', 'Parkings'], [], ['Comptages  VÉLOS', 'Arbres']]);
		expect(c.votes).toEqual([{ atelier: 0, sheet: GRID.title, top: [{ label: `2. ${GRID.questions[1]!.text}`, dots: 1 }] }]);
		expect(c.free).toEqual([{ atelier: 2, title: 'Idées en vrac', kind: 'notes', excerpt: 'Un observatoire partagé des arbres.' }]);
	});

	it('counts an atelier given twice once, with what either copy holds, and changes no document', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const backup = fork(caen, 9);
		const gridId = [...backup.getMap('sheets').keys()][0]!;
		answer(backup, gridId, 2, 'Écrit après la sauvegarde');
		const before = [caen, lisieux, rouen, backup].map((d) => Y.encodeStateAsUpdate(d));
		expect(distinctAteliers([caen, lisieux, backup, rouen])).toHaveLength(3);
		const c = compareAteliers([caen, lisieux, backup, rouen]);
		expect(c.ateliers).toHaveLength(3);
		expect(c.grids[0]!.questions[2]!.answers[0]).toBe('Écrit après la sauvegarde');
		expect(c.grids[0]!.questions[0]!.answers[0]).toBe('Réduire la congestion');
		expect([caen, lisieux, rouen, backup].map((d) => Y.encodeStateAsUpdate(d))).toEqual(before);
	});

	it('counts a checklist once per atelier, setting a second sheet of its template aside', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const second = sheet(caen, addSheet(caen, CHECKLIST));
		checklist.setStatus(second, 'b1', 'oui');
		checklist.setStatus(second, 'a2', 'non');
		const c = compareAteliers([caen, lisieux, rouen]);
		expect(c.checklists[0]?.weakest.find((w) => w.code === 'B1')).toMatchObject({ non: 2, answered: 2 });
		expect(c.checklists[0]?.weakest.find((w) => w.code === 'A2')).toBeUndefined();
		expect(c.setAside).toContainEqual({ atelier: 0, title: CHECKLIST.title, reason: 'second' });
	});

	it('numbers kit questions as the kit does and lists questions an atelier added apart', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const g = sheet(caen, [...caen.getMap('sheets').keys()][0]!);
		const added = grid.addRow(g, 'Qui paie l’hébergement ?', grid.readGrid(g).rows[0]!.id);
		setText(grid.ensureCell(g, added, 'reponse'), 'Le syndicat mixte');
		const [compared] = compareAteliers([caen, lisieux, rouen]).grids;
		expect(compared?.questions.map((q) => [q.number, q.id])).toEqual([
			[1, 'q1'],
			[2, 'q2'],
			[3, 'q3']
		]);
		expect(compared?.questions[1]?.answers[0]).toBe('Le service mobilité');
		expect(compared?.added).toEqual([{ atelier: 0, question: 'Qui paie l’hébergement ?', answer: 'Le syndicat mixte' }]);
	});

	it('gives tied structures one rank, so a tie is no disagreement', () => {
		const docs = [atelier('Bayeux', '2026-09-01', 5), atelier('Vire', '2026-09-02', 6)];
		for (const d of docs) {
			const k = sheet(d, addSheet(d, COMPARATOR));
			// Equal weights: Régie 5 + 1 and SPL 4 + 2 tie behind SCIC 2 + 5.
			comparator.setWeight(k, 'p1', 'controle', 3);
			comparator.setWeight(k, 'p1', 'ouverture', 3);
		}
		const [cp] = compareAteliers(docs).comparators;
		expect(cp?.rankings[0]?.map((r) => [r.title, r.rank])).toEqual([
			['SCIC', 1],
			['Régie', 2],
			['SPL', 2]
		]);
		expect(cp?.overall.map((o) => o.gap)).toEqual([0, 0, 0]);
	});

	it('never takes two ateliers without a creation time for one, and matches dataset names in any script', () => {
		const a = atelier('Wallis', '2026-09-01', 7);
		const b = atelier('Futuna', '2026-09-02', 8);
		for (const d of [a, b]) {
			// A hostile or damaged file: no creation time.
			d.getMap('meta').set('createdAt', '');
			const inv = sheet(d, addSheet(d, INVENTORY));
			for (const name of ['محطات القياس', '🚲']) setText(inventory.ensureCellText(inv, inventory.addRow(inv), 'jeu'), name);
		}
		const c = compareAteliers([a, b]);
		expect(c.ateliers.map((x) => x.territory)).toEqual(['Wallis', 'Futuna']);
		expect(c.datasets).toEqual([{ name: 'محطات القياس', ateliers: [0, 1] }]);
	});

	it('names nobody: no participant’s name reaches the synthesis', () => {
		const { caen, lisieux, rouen } = threeAteliers();
		const text = JSON.stringify(compareAteliers([caen, lisieux, rouen]));
		expect(text).not.toMatch(/Claire|Paul/);
	});
});

describe('the synthesis as a document', () => {
	const { caen, lisieux, rouen } = threeAteliers();
	const c = compareAteliers([caen, lisieux, rouen]);
	const blocks = comparisonBlocks(c, { name: 'Synthèse Normandie', generatedAt: '2026-12-02T10:00:00Z' });

	it('opens with a one-page summary, then each kit sheet, then the free sheets', () => {
		const headings = blocks.filter((b) => b.kind === 'heading' && b.level === 2).map((b) => (b.kind === 'heading' ? b.text : ''));
		expect(headings).toEqual([
			'En bref',
			'Ateliers comparés',
			GRID.title,
			CHECKLIST.title,
			COMPARATOR.title,
			'Clauses retenues',
			'Votes par gommettes',
			'Inventaires de données',
			'Fiches libres (hors kit)',
			'Fiches non comptées',
			'Sources'
		]);
		const summary = blocks[2];
		expect(summary?.kind === 'list' && summary.items).toEqual([
			`${GRID.title}\u00a0: aucune question n’a reçu de réponse dans tous les ateliers qui l’ont remplie, 1\u00a0question sans réponse nulle part\u00a0; 1\u00a0décision (question 1).`,
			`${CHECKLIST.title}\u00a0: score moyen 25\u00a0% sur 2\u00a0ateliers\u00a0; points les plus souvent «\u00a0Non\u00a0»\u00a0: B1 (2\u00a0non), A1 (1\u00a0non).`,
			`${COMPARATOR.title}\u00a0: en tête sur l’ensemble, SCIC, Régie, SPL\u00a0; désaccord le plus marqué sur SCIC (écart de 2\u00a0rangs).`,
			'Clauses retenues dans plusieurs ateliers\u00a0: Restitution en fin de contrat (2).',
			'Jeux de données cités dans plusieurs ateliers\u00a0: Comptages vélos (2).',
			'1\u00a0fiche libre (hors kit), listée à part\u00a0: Métropole de Rouen (05/11/2026).'
		]);
		expect(blocks.findIndex((b) => b.kind === 'pageBreak')).toBe(5);
	});

	it('says in Markdown, DOCX and ODT the same answers, and that Rouen’s hidden answers were not counted', async () => {
		const input = {
			title: 'Synthèse Normandie',
			date: '2026-12-02',
			description: 'Synthèse d’ateliers',
			generatedAt: '2026-12-02T10:00:00Z',
			blocks
		};
		const md = blocksMarkdown(blocks);
		const docx = strFromU8(unzipSync(await documentDocx(input))['word/document.xml']!);
		const odt = strFromU8(unzipSync(documentOdt(input))['content.xml']!);
		for (const text of [md, docx, odt]) {
			expect(text).toContain('Suivre la qualité de l’eau');
			expect(text).toContain('Réponses encore masquées par l’animateur');
			expect(text).toContain('Sans réponse');
		}
		expect(md).toMatch(/\| Caen la Mer \(01\/10\/2026\) \| Réduire la congestion \|/);
	});

	it('writes French: no « (s) », no lone dash, no name of anyone who took part', () => {
		const strings = (value: unknown): string[] =>
			typeof value === 'string'
				? [value]
				: Array.isArray(value)
					? value.flatMap(strings)
					: value && typeof value === 'object'
						? Object.values(value).flatMap(strings)
						: [];
		for (const value of strings(blocks)) {
			expect(value).not.toMatch(/\(s\)/);
			expect(value.trim()).not.toBe('—');
			expect(value).not.toMatch(/Claire|Paul/);
		}
		expect(blocksMarkdown(blocks)).not.toMatch(/Claire|Paul/);
	});

	it('gives a spreadsheet one row per question and one column per atelier', () => {
		const rows = comparisonRows(c);
		expect(rows[0]).toEqual(['Grille', 'N°', 'Question', ...c.ateliers.map((a) => a.label)]);
		expect(rows[1]).toEqual([GRID.title, '1', GRID.questions[0]!.text, 'Réduire la congestion', 'Suivre la qualité de l’eau', '']);
	});
});
