// The relay's disk with a real SQLite file: journal, compaction, reopening.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText } from './hostile.test-helper.ts';
import { openRoomStorage } from './storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'atelier-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rebuild(updates: Uint8Array[]): string {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}

describe('room storage', () => {
	it('journals appends, compacts them into the state, and reopens with everything', async () => {
		const file = join(dir, 'a.sqlite');
		const store = await openRoomStorage(file);
		const doc = new Y.Doc();
		// Appends made together share a transaction; each promise resolves once committed.
		await Promise.all(['un ', 'deux ', 'trois '].map((word) => store.append('salle', appendText(doc, word))));
		expect(await store.exists('salle')).toBe(true);
		expect(await store.exists('autre')).toBe(false);
		expect(rebuild(await store.load('salle'))).toBe('un deux trois ');
		await store.compact('salle', doc);
		const afterCompaction = await store.load('salle');
		expect(afterCompaction).toHaveLength(1);
		await store.append('salle', appendText(doc, 'quatre'));
		await store.close();

		const reopened = await openRoomStorage(file);
		expect(rebuild(await reopened.load('salle'))).toBe('un deux trois quatre');
		expect(await reopened.integrityCheck()).toBe('ok');
		expect(reopened.diskBytes()).toBeGreaterThan(0);
		await reopened.close();
	});

	it('drops only the rows committed before a compaction, and forgets a room that left memory', async () => {
		const store = await openRoomStorage(join(dir, 'b.sqlite'));
		const doc = new Y.Doc();
		await store.append('salle', appendText(doc, 'un '));
		const compacting = store.compact('salle', doc);
		// Appended while the compaction waits its turn: committed after it, kept in the journal.
		const late = store.append('salle', appendText(doc, 'deux'));
		await Promise.all([compacting, late]);
		expect(await store.load('salle')).toHaveLength(2);
		expect(rebuild(await store.load('salle'))).toBe('un deux');
		store.forget('salle');
		await store.close();
	});
});
