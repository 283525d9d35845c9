import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { frenchTypography } from '../shared/french.ts';
import { addSheet, getSheet, listSheets } from './atelier.ts';
import * as basket from './basket.ts';
import * as checklist from './checklist.ts';
import * as comparator from './comparator.ts';
import * as grid from './grid.ts';
import * as inventory from './inventory.ts';
import * as notes from './notes.ts';
import { setText } from './text.ts';
import { CHECKLIST, CLAUSES, COMPARATOR, GRID, INVENTORY, fork, newAtelier, snapshot, syncAll } from './test-helpers.ts';

describe('question grid', () => {
	it('has a row per question and the default answer columns', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, GRID));
		const { columns, rows } = grid.readGrid(sheet);
		expect(columns.map((c) => c.label)).toEqual(['Réponse', 'Acteur responsable', 'Échéance', 'Priorité']);
		expect(rows.map((r) => [r.question, r.custom])).toEqual([
			['Quel problème résout-on ?', false],
			['Pour qui ?', false],
			['Comment fait-on aujourd’hui ?', false]
		]);
		expect(rows[0]?.why).toBe('Partir du besoin.');
	});

	it('fills cells, adds and removes own rows and columns, and reports completion', () => {
		const doc = newAtelier();
		const id = addSheet(doc, GRID);
		const sheet = getSheet(doc, id);
		const [r1, r2] = grid.readGrid(sheet).rows;
		setText(grid.ensureCell(sheet, r1!.id, 'reponse'), 'Trouver une place');
		const own = grid.addRow(sheet, '  Et les livraisons ? ', r1!.id);
		const col = grid.addColumn(sheet, 'Source');
		setText(grid.ensureCell(sheet, own, col), 'Enquête 2025');
		grid.renameColumn(sheet, col, 'Source ou preuve');
		let view = grid.readGrid(sheet);
		expect(view.rows.map((r) => r.question)).toEqual([
			'Quel problème résout-on ?',
			'Et les livraisons ?',
			'Pour qui ?',
			'Comment fait-on aujourd’hui ?'
		]);
		expect(view.rows[1]?.cells[col]).toBe('Enquête 2025');
		expect(view.columns.at(-1)).toEqual({ id: col, label: 'Source ou preuve', kind: 'text', action: false });
		expect(listSheets(doc)[0]?.completion).toBe(1 / 4);
		setText(grid.questionText(sheet, own), 'Et les livraisons du matin ?');
		expect(() => grid.removeRow(sheet, r2!.id)).toThrow(/questions du kit ne peuvent pas être supprimées/);
		expect(() => grid.questionText(sheet, r2!.id)).toThrow('Les questions du kit ne se modifient pas.');
		grid.removeRow(sheet, own);
		grid.removeColumn(sheet, col);
		view = grid.readGrid(sheet);
		expect(view.rows).toHaveLength(3);
		expect(view.columns).toHaveLength(4);
		expect(() => grid.ensureCell(sheet, own, 'reponse')).toThrow('Cette ligne n’existe plus dans la grille.');
		expect(() => grid.ensureCell(sheet, r1!.id, col)).toThrow('Cette colonne n’existe plus.');
		expect(() => grid.addRow(sheet, ' ')).toThrow('Écrivez la question à ajouter.');
		expect(() => grid.addColumn(sheet, 'x'.repeat(61))).toThrow(/60 caractères/);
	});

	it('shows the section of a sectioned template on its rows, but not on rows added later', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, { ...GRID, questions: [{ id: 'c1', text: 'Qui contribue ?', section: 'Préfiguration' }] }));
		const own = grid.addRow(sheet, 'Question libre');
		expect(grid.readGrid(sheet).rows.map((r) => [r.question, r.section])).toEqual([
			['Qui contribue ?', 'Préfiguration'],
			['Question libre', undefined]
		]);
		expect(own).toBeTruthy();
	});

	it('keeps at least one column', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, GRID));
		for (const c of grid.readColumns(sheet).slice(1)) grid.removeColumn(sheet, c.id);
		expect(() => grid.removeColumn(sheet, 'reponse')).toThrow('Une grille garde au moins une colonne de réponse.');
	});

	it('merges concurrent typing in one cell and in different cells', () => {
		const a = newAtelier(1);
		const id = addSheet(a, GRID);
		const b = fork(a, 2);
		const c = fork(a, 3);
		const rowId = grid.readGrid(getSheet(a, id)).rows[0]!.id;
		setText(grid.ensureCell(getSheet(a, id), rowId, 'reponse'), 'Alice');
		setText(grid.ensureCell(getSheet(b, id), rowId, 'reponse'), 'Bob');
		setText(grid.ensureCell(getSheet(c, id), rowId, 'acteur'), 'Service mobilité');
		syncAll(c, b, a);
		const cells = [a, b, c].map((d) => grid.readGrid(getSheet(d, id)).rows[0]!.cells);
		expect(cells[0]).toEqual(cells[1]);
		expect(cells[1]).toEqual(cells[2]);
		expect(cells[0]!.reponse).toMatch(/^(AliceBob|BobAlice)$/);
		expect(cells[0]!.acteur).toBe('Service mobilité');
	});

	it('takes the deadline as a month or a day and the priority as one of three, and refuses anything else', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, GRID));
		const [first, second] = grid.readGrid(sheet).rows.map((r) => r.id);
		expect(grid.readColumns(sheet).map((c) => [c.id, c.kind, c.action])).toEqual([
			['reponse', 'text', false],
			['acteur', 'text', true],
			['echeance', 'deadline', true],
			['priorite', 'priority', true]
		]);
		expect(grid.readStructure(sheet).rows[0]).toMatchObject({ hasAction: false, choices: { echeance: { value: '', legacy: '' } } });
		grid.setChoice(sheet, first!, 'echeance', '2027-03');
		grid.setChoice(sheet, first!, 'priorite', 'haute');
		grid.setChoice(sheet, second!, 'echeance', '2028-02-29');
		expect(grid.readStructure(sheet).rows[0]).toMatchObject({
			hasAction: true,
			choices: { echeance: { value: '2027-03' }, priorite: { value: 'haute' } }
		});
		expect(grid.readGrid(sheet).rows[1]?.cells.echeance).toBe('2028-02-29');
		for (const bad of ['2027-02-29', '2027-13', 'mars 2027', '2027-3', '<img>', '2027-03-15T00:00']) {
			expect(() => grid.setChoice(sheet, first!, 'echeance', bad), bad).toThrow(/Échéance invalide/);
		}
		expect(() => grid.setChoice(sheet, first!, 'priorite', 'urgente')).toThrow(frenchTypography('Priorité inconnue « urgente ».'));
		expect(() => grid.setChoice(sheet, first!, 'reponse', 'haute')).toThrow('Cette colonne se remplit en texte libre.');
		expect(() => grid.ensureCell(sheet, first!, 'priorite')).toThrow('Cette colonne se remplit par un choix, pas en texte libre.');
		expect(grid.findCell(sheet, first!, 'echeance')).toBeNull();
		// Nothing was altered by the refusals; clearing is a choice too.
		expect(grid.readGrid(sheet).rows[0]?.cells).toMatchObject({ echeance: '2027-03', priorite: 'haute' });
		grid.setChoice(sheet, first!, 'priorite', '');
		expect(grid.readGrid(sheet).rows[0]?.cells.priorite).toBe('');
	});

	it('keeps two concurrent choices apart: one wins whole, never a blend', () => {
		const a = newAtelier(1);
		const id = addSheet(a, GRID);
		const b = fork(a, 2);
		const rowId = grid.readGrid(getSheet(a, id)).rows[0]!.id;
		grid.setChoice(getSheet(a, id), rowId, 'echeance', '2027-03');
		grid.setChoice(getSheet(b, id), rowId, 'echeance', '2027-04-15');
		syncAll(a, b);
		const [da, db] = [a, b].map((d) => grid.readGrid(getSheet(d, id)).rows[0]!.cells.echeance);
		expect(da).toBe(db);
		expect(['2027-03', '2027-04-15']).toContain(da);
	});

	it('reads the free text of a sheet made before deadlines and priorities were choices, until someone chooses', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, GRID));
		const row = grid.readGrid(sheet).rows[0]!.id;
		// As an older version stored it: a shared text in every cell.
		const cells = (sheet.get('rows') as Y.Array<Y.Map<unknown>>).get(0).get('cells') as Y.Map<unknown>;
		cells.set('echeance', new Y.Text('fin du 1er trimestre'));
		expect(grid.readStructure(sheet).rows[0]).toMatchObject({
			hasAction: true,
			choices: { echeance: { value: '', legacy: 'fin du 1er trimestre' } }
		});
		expect(grid.readGrid(sheet).rows[0]?.cells.echeance).toBe('fin du 1er trimestre');
		grid.setChoice(sheet, row, 'echeance', '2027-03');
		expect(grid.readStructure(sheet).rows[0]?.choices.echeance).toEqual({ value: '2027-03', legacy: '' });
		// A hostile peer's value that is not a choice reads as nothing.
		cells.set('priorite', 'urgentissime');
		expect(grid.readStructure(sheet).rows[0]?.choices.priorite).toEqual({ value: '', legacy: '' });
	});

	it('gives a row added on one device a cell in a column added on another', () => {
		const a = newAtelier(1);
		const id = addSheet(a, GRID);
		const b = fork(a, 2);
		const col = grid.addColumn(getSheet(a, id), 'Coût');
		const row = grid.addRow(getSheet(b, id), 'Qui paie ?');
		syncAll(a, b);
		setText(grid.ensureCell(getSheet(a, id), row, col), '10 k€');
		syncAll(a, b);
		expect(grid.readGrid(getSheet(b, id)).rows.find((r) => r.id === row)?.cells[col]).toBe('10 k€');
	});
});

describe('checklist', () => {
	it('scores each axis and the whole list: oui 1, partiel ½, non 0, sans objet left out', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, CHECKLIST));
		checklist.setStatus(sheet, 'a1', 'oui');
		checklist.setStatus(sheet, 'a2', 'partiel');
		checklist.setStatus(sheet, 'b1', 'sans-objet');
		const view = checklist.readChecklist(sheet);
		expect(view.axes[0]?.score).toEqual({ answered: 2, applicable: 2, total: 2, score: 0.75 });
		expect(view.axes[1]?.score).toEqual({ answered: 1, applicable: 0, total: 2, score: null });
		expect(view.overall).toEqual({ answered: 3, applicable: 2, total: 4, score: 0.75 });
		checklist.setStatus(sheet, 'b2', 'non');
		expect(checklist.readChecklist(sheet).overall.score).toBe(0.5);
	});

	it('asks for a justification of « sans objet » before the item counts as done', () => {
		const doc = newAtelier();
		const id = addSheet(doc, CHECKLIST);
		const sheet = getSheet(doc, id);
		checklist.setStatus(sheet, 'b1', 'sans-objet');
		expect(checklist.readChecklist(sheet).axes[1]?.items[0]?.needsJustification).toBe(true);
		expect(checklist.completion(sheet)).toBe(0);
		setText(checklist.ensureItemText(sheet, 'b1', 'justification'), 'Aucun capteur dans ce projet.');
		setText(checklist.ensureItemText(sheet, 'b1', 'comment'), 'À revoir en phase 2');
		const item = checklist.readChecklist(sheet).axes[1]?.items[0];
		expect(item).toMatchObject({ status: 'sans-objet', needsJustification: false, comment: 'À revoir en phase 2' });
		expect(checklist.completion(sheet)).toBe(0.25);
		checklist.setStatus(sheet, 'b1', null);
		expect(checklist.readChecklist(sheet).axes[1]?.items[0]?.status).toBeNull();
	});

	it('reads codes, expected proof and caveats, with codes made from ids for a sheet made before they were kept', () => {
		const doc = newAtelier();
		const withProof = structuredClone(CHECKLIST);
		withProof.axes[0]!.items[0] = { id: 'a1', code: 'A1', text: 'Registre tenu', evidence: 'Fiches du registre', toVerify: ['Seuil'] };
		const item = checklist.readChecklist(getSheet(doc, addSheet(doc, withProof))).axes[0]?.items;
		expect(item?.[0]).toMatchObject({ code: 'A1', evidence: 'Fiches du registre', toVerify: ['Seuil'] });
		// The older template: no code, no proof.
		expect(item?.[1]).toMatchObject({ code: 'A2', evidence: '', toVerify: [] });
	});

	it('refuses unknown items and answers', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, CHECKLIST));
		expect(() => checklist.setStatus(sheet, 'z9', 'oui')).toThrow('Ce point ne fait pas partie de la check-list.');
		expect(() => checklist.setStatus(sheet, 'a1', 'peut-être' as checklist.Status)).toThrow(
			frenchTypography('Réponse inconnue « peut-être ».')
		);
	});
});

describe('portage comparator', () => {
	it('ranks by the kit defaults with equal weights until someone weights the criteria', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, COMPARATOR));
		const ranking = comparator.ranking(sheet);
		expect(ranking.map((r) => [r.id, r.rank, r.total.mean])).toEqual([
			['scic', 1, 3.5],
			['regie', 2, 3],
			['spl', 2, 3]
		]);
		expect(ranking[0]?.total.count).toBe(1);
	});

	it('aggregates participants’ weighted totals and shows their disagreement', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, COMPARATOR));
		// Alice cares only about public control, Bob only about openness.
		comparator.setWeight(sheet, 'alice', 'controle', 5);
		comparator.setWeight(sheet, 'alice', 'ouverture', 0);
		comparator.setWeight(sheet, 'bob', 'ouverture', 4);
		comparator.setScore(sheet, 'bob', 'spl', 'ouverture', 4);
		expect(comparator.voters(sheet)).toEqual(['alice', 'bob']);
		const byId = Object.fromEntries(comparator.ranking(sheet).map((r) => [r.id, r]));
		// régie: alice 5, bob 1 → mean 3, spread 4. scic: alice 2, bob 5 → 3.5. spl: alice 4, bob 4 (own score) → 4.
		expect(byId.spl).toMatchObject({ rank: 1, total: { count: 2, mean: 4, min: 4, max: 4, stdev: 0 } });
		expect(byId.scic?.total).toMatchObject({ mean: 3.5, min: 2, max: 5 });
		expect(byId.regie?.total).toMatchObject({ mean: 3, min: 1, max: 5, stdev: 2 });
		expect(comparator.scoreSpread(sheet).spl?.ouverture).toMatchObject({ count: 1, mean: 4 });
		expect(comparator.weightSpread(sheet).ouverture).toMatchObject({ count: 2, min: 0, max: 4 });
		expect(comparator.scoreOf(sheet, 'alice', 'spl', 'ouverture')).toEqual({ value: 2, own: false });
		comparator.clearScore(sheet, 'bob', 'spl', 'ouverture');
		expect(comparator.scoreOf(sheet, 'bob', 'spl', 'ouverture')).toEqual({ value: 2, own: false });
		expect(comparator.completion(sheet)).toBe(1);
	});

	it('refuses values outside 0–5 and unknown criteria or vehicles', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, COMPARATOR));
		const before = snapshot(doc);
		expect(() => comparator.setWeight(sheet, 'p', 'controle', 6)).toThrow('Le poids doit être un nombre entier de 0 à 5.');
		expect(() => comparator.setWeight(sheet, 'p', 'controle', 2.5)).toThrow(/entier/);
		expect(() => comparator.setScore(sheet, 'p', 'sem', 'controle', 3)).toThrow('Structure inconnue.');
		expect(() => comparator.setWeight(sheet, 'p', 'prix', 3)).toThrow('Critère inconnu.');
		expect(snapshot(doc)).toEqual(before);
	});
});

describe('clause basket', () => {
	it('adds clauses with a priority and notes, once each', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, CLAUSES));
		expect(basket.completion(sheet)).toBe(0);
		basket.addClause(sheet, 'd1', 'souhaitable', 'p1');
		expect(basket.completion(sheet)).toBe(0.5);
		expect(() => basket.addClause(sheet, 'd1')).toThrow('Cette clause est déjà dans le panier.');
		expect(() => basket.addClause(sheet, 'zz')).toThrow('Cette clause ne fait pas partie de la bibliothèque.');
		basket.setPriority(sheet, 'd1', 'indispensable');
		setText(basket.noteText(sheet, 'd1'), 'Délai de 6 mois');
		expect(basket.readBasket(sheet)).toEqual([
			{
				clauseId: 'd1',
				title: 'Restitution en fin de contrat',
				theme: 'Réversibilité',
				priority: 'indispensable',
				note: 'Délai de 6 mois',
				toVerify: [],
				addedBy: 'p1'
			}
		]);
		expect(basket.completion(sheet)).toBe(1);
		basket.removeClause(sheet, 'd1');
		expect(basket.readBasket(sheet)).toEqual([]);
	});

	it('shows a clause added on two devices at once only once', () => {
		const a = newAtelier(1);
		const id = addSheet(a, CLAUSES);
		const b = fork(a, 2);
		basket.addClause(getSheet(a, id), 'a1', 'indispensable');
		basket.addClause(getSheet(b, id), 'a1', 'souhaitable');
		syncAll(a, b);
		expect(basket.readBasket(getSheet(a, id))).toHaveLength(1);
		expect(basket.readBasket(getSheet(a, id))).toEqual(basket.readBasket(getSheet(b, id)));
	});
});

describe('data inventory', () => {
	it('holds rows of text, choice and yes/no cells', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, INVENTORY));
		const row = inventory.addRow(sheet);
		setText(inventory.ensureCellText(sheet, row, 'jeu'), 'Stationnement payant');
		inventory.setValue(sheet, row, 'frequence', 'mensuelle');
		expect(inventory.completion(sheet)).toBeCloseTo(2 / 3);
		inventory.setValue(sheet, row, 'perso', false);
		expect(inventory.readInventory(sheet).rows).toEqual([
			{ id: row, cells: { jeu: 'Stationnement payant', frequence: 'mensuelle', perso: false } }
		]);
		expect(() => inventory.setValue(sheet, row, 'frequence', 'hebdo')).toThrow(frenchTypography('Valeur non prévue pour « Fréquence ».'));
		expect(() => inventory.setValue(sheet, row, 'perso', 'oui')).toThrow(frenchTypography('« Données personnelles ? » attend oui ou non.'));
		expect(() => inventory.ensureCellText(sheet, row, 'perso')).toThrow('Cette colonne n’est pas une colonne de texte.');
		inventory.setValue(sheet, row, 'frequence', null);
		expect(inventory.readInventory(sheet).rows[0]?.cells.frequence).toBeNull();
		inventory.removeRow(sheet, row);
		expect(inventory.readInventory(sheet).rows).toEqual([]);
	});
});

describe('notes', () => {
	it('is done once something is written', () => {
		const doc = newAtelier();
		const sheet = getSheet(doc, addSheet(doc, { kind: 'notes', source: 'libre', title: 'Relevé de décisions' }));
		expect(notes.completion(sheet)).toBe(0);
		setText(notes.bodyText(sheet), 'Décision : lancer l’inventaire.');
		expect(notes.completion(sheet)).toBe(1);
	});
});
