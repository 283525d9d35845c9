// Random concurrent edits on three devices, exchanged in different orders, must end identical.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addSheet, getSheet, joinRoster, moveSheet, sheetIds } from './atelier.ts';
import * as basket from './basket.ts';
import * as checklist from './checklist.ts';
import * as comparator from './comparator.ts';
import * as grid from './grid.ts';
import { setText } from './text.ts';
import { CHECKLIST, CLAUSES, COMPARATOR, GRID, fork, newAtelier, snapshot } from './test-helpers.ts';
import { ModelError } from './errors.ts';

/** Small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomEdit(doc: Y.Doc, me: string, random: () => number, ids: { g: string; c: string; k: string; b: string }): void {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
	const op = Math.floor(random() * 7);
	try {
		if (op === 0 || op === 1) {
			const sheet = getSheet(doc, ids.g);
			const row = pick(grid.readGrid(sheet).rows);
			const column = pick(grid.readColumns(sheet));
			const text = grid.ensureCell(sheet, row.id, column.id);
			const before = text.toString();
			const at = Math.floor(random() * (before.length + 1));
			setText(text, before.slice(0, at) + pick(['a', 'é', ' ', 'data ', '😀']) + before.slice(at + (random() < 0.2 ? 1 : 0)));
		} else if (op === 2) {
			const sheet = getSheet(doc, ids.g);
			if (random() < 0.5) grid.addRow(sheet, `Question ${me}`);
			else grid.addColumn(sheet, `Colonne ${me}`);
		} else if (op === 3) {
			checklist.setStatus(getSheet(doc, ids.c), pick(['a1', 'a2', 'b1', 'b2']), pick([...checklist.STATUSES, null]));
		} else if (op === 4) {
			const sheet = getSheet(doc, ids.k);
			comparator.setWeight(sheet, me, pick(['controle', 'ouverture']), Math.floor(random() * 6));
			comparator.setScore(sheet, me, pick(['regie', 'scic', 'spl']), 'controle', Math.floor(random() * 6));
		} else if (op === 5) {
			const sheet = getSheet(doc, ids.b);
			const clause = pick(['a1', 'd1']);
			if (basket.readBasket(sheet).some((i) => i.clauseId === clause)) basket.removeClause(sheet, clause);
			else basket.addClause(sheet, clause, pick(basket.PRIORITIES), me);
		} else {
			moveSheet(doc, pick(sheetIds(doc)), Math.floor(random() * 4));
		}
	} catch (error) {
		// A refused operation (e.g. a row deleted meanwhile) is fine; anything else is a bug.
		if (!(error instanceof ModelError)) throw error;
	}
}

describe('convergence', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])('three devices converge after random concurrent edits (seed %i)', (seed) => {
		const random = rng(seed);
		const origin = newAtelier(100);
		const ids = {
			g: addSheet(origin, GRID),
			c: addSheet(origin, CHECKLIST),
			k: addSheet(origin, COMPARATOR),
			b: addSheet(origin, CLAUSES)
		};
		const devices = [fork(origin, 1), fork(origin, 2), fork(origin, 3)];
		// Each device keeps the updates it produced, to deliver them to the others in shuffled order.
		const outbox: Uint8Array[][] = devices.map(() => []);
		devices.forEach((d, i) => d.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && outbox[i]?.push(update)));
		devices.forEach((d, i) => joinRoster(d, { id: `p${i}`, name: `Personne ${i}`, role: 'participant' }));
		for (let round = 0; round < 6; round++) {
			for (let step = 0; step < 15; step++) devices.forEach((d, i) => randomEdit(d, `p${i}`, random, ids));
			// Deliver a random subset now, the rest later: devices spend time partially out of sync.
			devices.forEach((to, i) => {
				for (const [j, box] of outbox.entries()) {
					if (i === j) continue;
					for (const update of box) if (random() < 0.5) Y.applyUpdate(to, update, 'remote');
				}
			});
		}
		// Final delivery of everything, in a different order on each device.
		devices.forEach((to, i) => {
			const updates = outbox.flatMap((box, j) => (i === j ? [] : box));
			for (let k = updates.length - 1; k > 0; k--) {
				const r = Math.floor(random() * (k + 1));
				[updates[k], updates[r]] = [updates[r] as Uint8Array, updates[k] as Uint8Array];
			}
			for (const update of updates) Y.applyUpdate(to, update, 'remote');
		});
		const [first, ...rest] = devices.map(snapshot);
		for (const other of rest) expect(other).toEqual(first);
		const views = devices.map((d) => ({
			grid: grid.readGrid(getSheet(d, ids.g)),
			checklist: checklist.readChecklist(getSheet(d, ids.c)),
			ranking: comparator.ranking(getSheet(d, ids.k)),
			basket: basket.readBasket(getSheet(d, ids.b)),
			order: sheetIds(d)
		}));
		for (const view of views.slice(1)) expect(view).toEqual(views[0]);
	});
});
