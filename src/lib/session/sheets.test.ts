// The session's sheet adapters and their one write gate, on real Yjs documents (two "devices" synced
// by exchanging updates). No Svelte component and no storage: what the screens rely on.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addSheet, facilitation, getSheet, grid, joinRoster } from '$lib/model';
import { CHECKLIST, COMPARATOR, fork, GRID, INVENTORY, newAtelier, syncAll } from '$lib/model/test-helpers';
import { FacilitationControls } from './facilitation.ts';
import { LOCKED, NOT_IDENTIFIED, write } from './gate.ts';
import {
	SheetViews,
	sheetView,
	type AnySheetView,
	type ChecklistView,
	type ComparatorView,
	type GridView,
	type InventoryView
} from './sheets.svelte.ts';

const ANNE = 'anne';
const BRUNO = 'bruno';

function atelier() {
	const doc = newAtelier(1);
	joinRoster(doc, { id: ANNE, name: 'Anne', role: 'animateur' });
	joinRoster(doc, { id: BRUNO, name: 'Bruno', role: 'participant' });
	return doc;
}

/** An adapter as the session makes it, with the real gate; `refusals` collects what the person is told. */
function adapter<T extends AnySheetView>(doc: Y.Doc, sheetId: string, me: string, refusals: string[] = []): T {
	const sheet = getSheet(doc, sheetId);
	return sheetView(sheet.get('type') as AnySheetView['type'], {
		id: sheetId,
		sheet,
		me: () => me,
		write: (operation, origin) => {
			const refusal = write(doc, me, { sheetId }, operation, origin);
			if (refusal) refusals.push(refusal);
			return refusal === null;
		}
	}) as T;
}

function updatesOf(doc: Y.Doc): Uint8Array[] {
	const seen: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => seen.push(update));
	return seen;
}

describe('text bindings', () => {
	it('apply typing as the smallest change, and bring the other device’s typing with the caret moved', () => {
		const laptop = atelier();
		const id = addSheet(laptop, GRID, { id: 'g' });
		const tablet = fork(laptop, 2);
		const rowId = grid.readGrid(getSheet(laptop, id)).rows[0]!.id;
		const laptopView = adapter<GridView>(laptop, id, ANNE);
		const mine = laptopView.cell(rowId, 'reponse');
		const theirs = adapter<GridView>(tablet, id, BRUNO).cell(rowId, 'reponse');
		const heard: { value: string; caret: number }[] = [];
		const stop = theirs.watch((value, caret) => heard.push({ value, caret: caret(5) }));
		const ownEcho: string[] = [];
		const stopOwn = mine.watch((value) => ownEcho.push(value));

		expect(mine.set('Bus et cars')).toBe(true);
		syncAll(laptop, tablet);
		expect(theirs.value()).toBe('Bus et cars');
		expect(mine.set('Les bus et cars')).toBe(true);
		syncAll(laptop, tablet);
		// « Les  » was inserted before a caret at 5 on the tablet: the caret moves right by 4.
		expect(heard.at(-1)).toEqual({ value: 'Les bus et cars', caret: 9 });
		expect(ownEcho).toEqual([]);
		// The same binding is handed out again for the same field (fields keep their listeners).
		expect(laptopView.cell(rowId, 'reponse')).toBe(mine);
		stop();
		stopOwn();
	});

	it('refuse typing on a locked sheet for a participant, in French, and leave the document as it was', () => {
		const doc = atelier();
		const id = addSheet(doc, GRID, { id: 'g' });
		facilitation.applyRule(doc, ANNE, id, 'verrouille');
		const rowId = grid.readGrid(getSheet(doc, id)).rows[0]!.id;
		const refusals: string[] = [];
		const participant = adapter<GridView>(doc, id, BRUNO, refusals);
		const updates = updatesOf(doc);
		expect(participant.cell(rowId, 'reponse').set('Forcé')).toBe(false);
		expect(participant.addRow('Une question de plus')).toBe(false);
		expect(refusals).toEqual([LOCKED, LOCKED]);
		expect(updates).toHaveLength(0);
		// The animateur still writes, and someone without a name writes nothing.
		expect(adapter<GridView>(doc, id, ANNE).cell(rowId, 'reponse').set('Synthèse')).toBe(true);
		const nobody: string[] = [];
		facilitation.applyRule(doc, ANNE, id, 'ouvert');
		expect(adapter<GridView>(doc, id, '', nobody).cell(rowId, 'reponse').set('x')).toBe(false);
		expect(nobody).toEqual([NOT_IDENTIFIED]);
		expect(grid.readGrid(getSheet(doc, id)).rows[0]!.cells.reponse).toBe('Synthèse');
	});

	it('never write when reading: a missing cell reads as empty and is created on the first keystroke', () => {
		const laptop = atelier();
		const id = addSheet(laptop, GRID, { id: 'g' });
		const tablet = fork(laptop, 2);
		// A row on one device and a column on the other, at the same time: the new row has no cell for the new column.
		const rowId = grid.addRow(getSheet(laptop, id), 'Question ajoutée');
		const columnId = grid.addColumn(getSheet(tablet, id), 'Coût');
		syncAll(laptop, tablet);
		expect(grid.findCell(getSheet(laptop, id), rowId, columnId)).toBeNull();
		const updates = updatesOf(laptop);
		const view = adapter<GridView>(laptop, id, BRUNO);
		const cell = view.cell(rowId, columnId);
		expect(cell.value()).toBe('');
		expect(view.snapshot.columns.map((c) => c.label)).toContain('Coût');
		expect(updates).toHaveLength(0);
		expect(cell.set('12 000 €')).toBe(true);
		expect(updates).toHaveLength(1);
		expect(grid.findCell(getSheet(laptop, id), rowId, columnId)?.toString()).toBe('12 000 €');
		// The checklist and the inventory read their texts the same way.
		const checklist = adapter<ChecklistView>(laptop, addSheet(laptop, CHECKLIST), BRUNO);
		const inventory = adapter<InventoryView>(laptop, addSheet(laptop, INVENTORY), BRUNO);
		const before = updates.length;
		expect(checklist.comment('a1').value()).toBe('');
		inventory.snapshot.columns.forEach((c) => c.type === 'text' && inventory.cell('nope', c.id).value());
		expect(updates).toHaveLength(before);
	});
});

describe('sheets this version does not know', () => {
	it('get no adapter, rather than breaking the page', () => {
		const doc = atelier();
		const id = addSheet(doc, GRID, { id: 'g' });
		getSheet(doc, id).set('type', 'frise-chronologique');
		const context = { id, sheet: getSheet(doc, id), me: () => ANNE, write: () => true };
		expect(sheetView('frise-chronologique', context)).toBeNull();
		expect(sheetView('__proto__', context)).toBeNull();
		expect(new SheetViews(() => context).get(id, getSheet(doc, id))).toBeNull();
	});
});

describe('sheet snapshots', () => {
	it('say how many people weighed the comparator’s criteria, and whether this person did (no one, no ranking)', () => {
		const doc = atelier();
		const id = addSheet(doc, COMPARATOR, { id: 'c' });
		const anne = adapter<ComparatorView>(doc, id, ANNE);
		const bruno = adapter<ComparatorView>(doc, id, BRUNO);
		expect(anne.snapshot).toMatchObject({ weighers: 0, iWeighed: false });
		// A weight of 0 says nothing matters: still no opinion to rank by.
		expect(bruno.setWeight('controle', 0)).toBe(true);
		expect(anne.snapshot).toMatchObject({ weighers: 0, iWeighed: false });
		expect(bruno.setWeight('ouverture', 4)).toBe(true);
		expect(anne.snapshot).toMatchObject({ weighers: 1, iWeighed: false });
		expect(bruno.snapshot).toMatchObject({ weighers: 1, iWeighed: true });
		anne.destroy();
		bruno.destroy();
	});

	it('change with the sheet’s structure, not at every keystroke in a grid', () => {
		const doc = atelier();
		const id = addSheet(doc, GRID, { id: 'g' });
		const other = addSheet(doc, GRID, { id: 'h' });
		const view = adapter<GridView>(doc, id, BRUNO);
		const first = view.snapshot;
		const rowId = first.rows[0]!.id;
		view.cell(rowId, 'reponse').set('Réponse tapée');
		expect(view.snapshot).toBe(first);
		adapter<GridView>(doc, other, BRUNO).addRow('Ailleurs');
		expect(view.snapshot).toBe(first);
		expect(view.addRow('Nouvelle question')).toBe(true);
		expect(view.snapshot).not.toBe(first);
		const added = view.snapshot.rows.at(-1)!;
		expect(added).toMatchObject({ question: 'Nouvelle question', custom: true });
		view.question(added.id).set('Question reformulée');
		expect(view.snapshot.rows.at(-1)!.question).toBe('Question reformulée');
		view.destroy();
		view.addRow('Après la fermeture');
		expect(view.snapshot.rows.at(-1)!.question).toBe('Question reformulée');
	});

	it('show a grid row’s action fields once it has an action, and its choices as soon as they are made', () => {
		const doc = atelier();
		const refusals: string[] = [];
		const view = adapter<GridView>(doc, addSheet(doc, GRID, { id: 'g' }), BRUNO, refusals);
		const rowId = view.snapshot.rows[0]!.id;
		expect(view.snapshot.rows[0]?.hasAction).toBe(false);
		view.cell(rowId, 'acteur').set('Service SIG');
		expect(view.snapshot.rows[0]?.hasAction).toBe(true);
		expect(view.choose(rowId, 'priorite', 'moyenne')).toBe(true);
		expect(view.snapshot.rows[0]?.choices.priorite?.value).toBe('moyenne');
		expect(view.choose(rowId, 'echeance', '31/03/2027')).toBe(false);
		expect(refusals.at(-1)).toMatch(/^Échéance invalide/);
		view.destroy();
	});

	it('keep a checklist’s scores current and refuse an unknown item in French', () => {
		const doc = atelier();
		const refusals: string[] = [];
		const view = adapter<ChecklistView>(doc, addSheet(doc, CHECKLIST), BRUNO, refusals);
		expect(view.choose('a1', 'oui')).toBe(true);
		expect(view.snapshot.overall).toMatchObject({ answered: 1, score: 1 });
		expect(view.choose('zz', 'oui')).toBe(false);
		expect(refusals).toEqual(['Ce point ne fait pas partie de la check-list.']);
	});
});

describe('facilitation controls', () => {
	it('let the animateur act and refuse a participant’s forged intent, through the same gate', () => {
		const doc = atelier();
		const id = addSheet(doc, GRID, { id: 'g' });
		const controls = (me: string, refusals: string[]) =>
			new FacilitationControls({
				read: (reader) => reader(doc, me),
				write: (operation) => {
					const refusal = write(doc, me, 'atelier', () => operation(doc, me), {});
					if (refusal) refusals.push(refusal);
					return refusal === null;
				},
				timer: () => null
			});
		const told: string[] = [];
		expect(controls(BRUNO, told).startTimer(60_000)).toBe(false);
		expect(controls(BRUNO, told).applyRule(id, 'ouvert')).toBe(false);
		expect(told).toEqual(['Seul l’animateur ou un co-animateur peut faire cela.', 'Seul l’animateur ou un co-animateur peut faire cela.']);
		expect(facilitation.readTimer(doc)).toBeNull();
		const anne = controls(ANNE, []);
		// Several steps in one intent: a bad one refuses them all, none half-written.
		const updates = updatesOf(doc);
		const refused: string[] = [];
		expect(
			controls(ANNE, refused).addAgendaSteps([
				{ title: 'Accueil', durationMin: 10 },
				{ title: 'Pause', durationMin: 0 }
			])
		).toBe(false);
		expect(refused[0]).toMatch(/durée d’une séquence/);
		expect(updates).toHaveLength(0);
		expect(
			anne.addAgendaSteps([
				{ title: 'Tour de table', durationMin: 10, sheetId: id },
				{ title: 'Vote', durationMin: 5 }
			])
		).toBe(true);
		expect(anne.agenda.items.map((i) => i.title)).toEqual(['Tour de table', 'Vote']);
		expect(anne.startAgendaStep(anne.agenda.items[0]!.id)).toBe(true);
		expect(controls(BRUNO, []).follow?.sheetId).toBe(id);
		expect(facilitation.readTimer(doc)).toMatchObject({ remainingMs: 600_000, running: true });
	});
});

describe('undo and redo', () => {
	/** Two devices: the laptop (Anne) and a tablet (Bruno), synced both ways after each step. */
	function room() {
		const laptop = atelier();
		const id = addSheet(laptop, GRID, { id: 'g' });
		const tablet = fork(laptop, 2);
		const anne = adapter<GridView>(laptop, id, ANNE);
		const refusals: string[] = [];
		const bruno = adapter<GridView>(tablet, id, BRUNO, refusals);
		const rowId = anne.snapshot.rows[0]!.id;
		const sync = () => syncAll(laptop, tablet);
		const cell = (view: GridView) => view.cell(rowId, 'reponse').value();
		return { laptop, tablet, id, anne, bruno, rowId, sync, cell, refusals };
	}

	it('undo this person’s own typing only, on every device, and redo it', async () => {
		const { anne, bruno, rowId, sync, cell } = room();
		expect([anne.canUndo, anne.canRedo]).toEqual([false, false]);
		anne.cell(rowId, 'reponse').set('Texte d’Anne');
		sync();
		await new Promise((resolve) => setTimeout(resolve, 650));
		bruno.cell(rowId, 'reponse').set('Texte d’Anne et de Bruno');
		sync();
		expect(anne.canUndo).toBe(true);
		expect(anne.undo()).toBe(true);
		sync();
		// Anne's words go, Bruno's stay: on both devices.
		expect([cell(anne), cell(bruno)]).toEqual([' et de Bruno', ' et de Bruno']);
		expect([anne.canUndo, anne.canRedo]).toEqual([false, true]);
		expect(anne.undo()).toBe(false);
		expect(anne.redo()).toBe(true);
		sync();
		expect([cell(anne), cell(bruno)]).toEqual(['Texte d’Anne et de Bruno', 'Texte d’Anne et de Bruno']);
		// Bruno's undo takes back his words, not Anne's.
		expect(bruno.undo()).toBe(true);
		sync();
		expect([cell(anne), cell(bruno)]).toEqual(['Texte d’Anne', 'Texte d’Anne']);
	});

	it('bring back a paragraph deleted by mistake, whoever wrote it', () => {
		const { anne, bruno, rowId, sync, cell } = room();
		anne.cell(rowId, 'reponse').set('Paragraphe écrit par Anne.');
		sync();
		bruno.cell(rowId, 'reponse').set('');
		sync();
		expect(cell(anne)).toBe('');
		expect(bruno.undo()).toBe(true);
		sync();
		expect([cell(anne), cell(bruno)]).toEqual(['Paragraphe écrit par Anne.', 'Paragraphe écrit par Anne.']);
	});

	it('undo choices and structure too, and refuse on a locked sheet without changing anything', () => {
		const { laptop, id, anne, bruno, rowId, sync, cell, refusals } = room();
		bruno.choose(rowId, 'priorite', 'haute');
		bruno.addRow('Question de Bruno');
		sync();
		expect(anne.snapshot.rows).toHaveLength(4);
		expect(bruno.undo()).toBe(true);
		sync();
		expect(anne.snapshot.rows).toHaveLength(3);
		bruno.cell(rowId, 'reponse').set('Avant le verrou');
		sync();
		facilitation.applyRule(laptop, ANNE, id, 'verrouille');
		sync();
		expect(bruno.undo()).toBe(false);
		expect(refusals).toEqual([LOCKED]);
		expect(cell(bruno)).toBe('Avant le verrou');
		expect(bruno.canUndo).toBe(true);
		// A merged or remote change is never on this device's stack.
		expect(anne.canUndo).toBe(false);
	});
});
