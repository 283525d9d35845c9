// The relay's rooms in a real PostgreSQL (services.test-helper.ts): the journal, compaction, and two
// instances compacting one room from copies that differ, without losing what either stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { appendText } from './hostile.test-helper.ts';
import { openPostgresStorage } from './storage-postgres.ts';
import { startPostgres, type Service } from './services.test-helper.ts';
import type { RoomStorage } from './storage.ts';

let postgres: Service;
const opened: RoomStorage[] = [];
beforeAll(async () => {
	postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
	await Promise.allSettled(opened.map((store) => store.close()));
	await postgres?.remove();
});

async function open(): Promise<RoomStorage> {
	const store = await openPostgresStorage(postgres.url, { poolSize: 4 });
	opened.push(store);
	return store;
}

function rebuild(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

describe('rooms in PostgreSQL', () => {
	it('journals appends in one commit, compacts them into the state, and a new instance loads everything', async () => {
		const store = await open();
		const doc = new Y.Doc();
		await Promise.all(['un ', 'deux ', 'trois '].map((word) => store.append('salle-a', appendText(doc, word))));
		expect(await store.exists('salle-a')).toBe(true);
		expect(await store.exists('autre')).toBe(false);
		expect(
			rebuild(await store.load('salle-a'))
				.getText('t')
				.toString()
		).toBe('un deux trois ');
		await store.compact('salle-a', doc);
		expect(await store.load('salle-a')).toHaveLength(1);
		await store.append('salle-a', appendText(doc, 'quatre'));
		await store.close();

		const other = await open();
		expect(
			rebuild(await other.load('salle-a'))
				.getText('t')
				.toString()
		).toBe('un deux trois quatre');
		expect(await other.integrityCheck()).toBe('ok');
	});

	it('keeps what two instances stored when each compacts its own copy of the room', async () => {
		const [first, second] = await Promise.all([open(), open()]);
		// Two copies of one room that have not heard of each other's latest edits (Redis lags).
		const a = new Y.Doc();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const fromA = ['A1 ', 'A2 ', 'A3 '].map((word) => appendText(a, word));
		const fromB = ['B1 ', 'B2 '].map((word) => appendText(b, word));
		await Promise.all([...fromA.map((u) => first.append('salle-b', u)), ...fromB.map((u) => second.append('salle-b', u))]);
		// Both compact at once, each from its copy alone, while more edits are appended.
		const late = appendText(b, 'B3');
		await Promise.all([first.compact('salle-b', a), second.compact('salle-b', b), second.append('salle-b', late)]);
		await Promise.all([first.compact('salle-b', a), second.compact('salle-b', b)]);
		const text = rebuild(await first.load('salle-b'))
			.getText('t')
			.toString();
		for (const word of ['A1', 'A2', 'A3', 'B1', 'B2', 'B3']) expect(text).toContain(word);
		// Compacted: one state, and no journal row left behind.
		expect(await first.load('salle-b')).toHaveLength(1);
	});

	it('leaves in the journal a row that does not apply, and still compacts the room', async () => {
		const store = await open();
		const doc = new Y.Doc();
		await store.append('salle-c', appendText(doc, 'bonjour'));
		const client = new pg.Client({ connectionString: postgres.url });
		await client.connect();
		// A damaged row, as a failing disk could leave.
		await client.query('INSERT INTO atelier_journal (name, data) VALUES ($1, $2)', ['salle-c', Buffer.from([0xff, 0xff, 0xff])]);
		await store.compact('salle-c', doc);
		const { rows } = await client.query('SELECT count(*)::int AS n FROM atelier_journal WHERE name = $1', ['salle-c']);
		await client.end();
		expect(rows[0].n).toBe(1);
		const updates = await store.load('salle-c');
		expect(rebuild(updates.slice(0, 1)).getText('t').toString()).toBe('bonjour');
	});
});
