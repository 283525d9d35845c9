import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EDIT_GAP_MS, EditLedger, heardRecently, SILENT_MS } from './acks.ts';

/** Runs `edit` as one local transaction and records it, as the peers module does. */
let clock = 0;
function edit(doc: Y.Doc, ledger: EditLedger, change: (text: Y.Text) => void, gap = EDIT_GAP_MS, sentOn: number | null = null): void {
	const before = Y.getState(doc.store, doc.clientID);
	doc.transact(() => change(doc.getText('t')));
	clock += gap;
	ledger.record(doc, before, sentOn, clock);
}

const vectorOf = (doc: Y.Doc) => Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));

describe('the ledger of edits nobody confirmed', () => {
	it('counts local edits until a peer’s state vector covers them', () => {
		const tablet = new Y.Doc();
		const laptop = new Y.Doc();
		const ledger = new EditLedger();
		edit(tablet, ledger, (t) => t.insert(0, 'Bonjour'));
		edit(tablet, ledger, (t) => t.insert(7, ' à tous'));
		expect(ledger.pending).toBe(2);
		expect(ledger.confirmVector(vectorOf(laptop))).toBe(false);
		Y.applyUpdate(laptop, Y.encodeStateAsUpdate(tablet));
		expect(ledger.confirmVector({ [tablet.clientID]: 7 })).toBe(true);
		expect(ledger.pending).toBe(1);
		expect(ledger.confirmVector(vectorOf(laptop))).toBe(true);
		expect(ledger.pending).toBe(0);
	});

	it('keeps an edit that only deletes until the relay confirms it or a later insertion is confirmed', () => {
		const tablet = new Y.Doc();
		const ledger = new EditLedger();
		edit(tablet, ledger, (t) => t.insert(0, 'Bonjour'));
		ledger.confirmVector(vectorOf(tablet));
		edit(tablet, ledger, (t) => t.delete(0, 3));
		// The state vector is unchanged by a deletion: a peer at the same clock does not prove it has it.
		expect(ledger.confirmVector(vectorOf(tablet))).toBe(false);
		expect(ledger.pending).toBe(1);
		edit(tablet, ledger, (t) => t.insert(0, 'B'));
		expect(ledger.confirmVector(vectorOf(tablet))).toBe(true);
		expect(ledger.pending).toBe(0);
		// Sent on relay connection 2 while in step: its acknowledgements confirm it.
		edit(tablet, ledger, (t) => t.delete(0, 1), EDIT_GAP_MS, 2);
		ledger.confirmSentOn(2);
		expect(ledger.pending).toBe(0);
	});

	it('lets a relay connection’s acknowledgements confirm only what it sent, not edits held back while it was away', () => {
		const tablet = new Y.Doc();
		const ledger = new EditLedger();
		edit(tablet, ledger, (t) => t.insert(0, 'hors ligne'), EDIT_GAP_MS, null);
		edit(tablet, ledger, (t) => t.delete(0, 4), EDIT_GAP_MS, null);
		edit(tablet, ledger, (t) => t.insert(0, 'en ligne '), EDIT_GAP_MS, 3);
		expect(ledger.pending).toBe(3);
		// Hocuspocus's count reached zero on connection 3: what that connection sent, only.
		ledger.confirmSentOn(3);
		expect(ledger.pending).toBe(2);
		ledger.confirmSentOn(2);
		expect(ledger.pending).toBe(2);
		// The relay's beat: its room has the offline insertion, and the later one proves the deletion too.
		ledger.confirmVector({ [tablet.clientID]: 10 });
		expect(ledger.pending).toBe(1);
		ledger.confirmVector(vectorOf(tablet));
		expect(ledger.pending).toBe(0);
	});

	it('counts keystrokes in quick succession as one edit, confirmed once all of it is', () => {
		const tablet = new Y.Doc();
		const ledger = new EditLedger();
		for (const [i, letter] of [...'Oui'].entries()) edit(tablet, ledger, (t) => t.insert(i, letter), 200);
		edit(tablet, ledger, (t) => t.delete(2, 1), 200);
		expect(ledger.pending).toBe(1);
		edit(tablet, ledger, (t) => t.insert(2, 'i !'), 5_000);
		expect(ledger.pending).toBe(2);
		// A peer with the first two letters has not got the first edit whole.
		expect(ledger.confirmVector({ [tablet.clientID]: 2 })).toBe(false);
		expect(ledger.confirmVector(vectorOf(tablet))).toBe(true);
		expect(ledger.pending).toBe(0);
	});

	it('ignores the state vector of a peer that lacks the edit, or speaks of another client', () => {
		const tablet = new Y.Doc();
		const ledger = new EditLedger();
		edit(tablet, ledger, (t) => t.insert(0, 'x'));
		expect(ledger.confirmVector({})).toBe(false);
		expect(ledger.confirmVector({ [tablet.clientID + 1]: 1_000 })).toBe(false);
		expect(ledger.confirmVector({ [tablet.clientID]: 0 })).toBe(false);
		expect(ledger.pending).toBe(1);
	});

	it('trusts a connection heard from within the silence window only', () => {
		expect(heardRecently(10_000, 10_000 + SILENT_MS - 1)).toBe(true);
		expect(heardRecently(10_000, 10_000 + SILENT_MS)).toBe(false);
		expect(SILENT_MS).toBeLessThan(5_000);
	});
});
