// The relay's disk: one SQLite file (WAL) with, per room, a compacted state and a journal of the
// updates received since. The relay applies an update to the room, then appends it to the journal and
// waits for the commit (fsync of the WAL) before it acknowledges it: what a tablet was told is saved
// survives `kill -9` and a power cut, and only updates that applied are ever journaled. Appends that
// arrive together share one transaction (group commit), so a room full of typing costs one fsync per
// batch, not one per keystroke. Compaction writes the room's state (which contains every update
// journaled so far, since each was applied first) and drops the journal rows it covers, in one
// transaction.
//
// The `documents` table is the one @hocuspocus/extension-sqlite used, so files written by earlier
// versions of the app open unchanged.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite3 from 'sqlite3';
import * as Y from 'yjs';

export interface RoomStorage {
	/** The room's stored updates (state first, then the journal), or [] for a room never stored. */
	load(name: string): Promise<Uint8Array[]>;
	/** Resolves once the update is durable on disk. */
	append(name: string, update: Uint8Array): Promise<void>;
	/** Replaces the journal of `name` up to now with `doc`'s state, which must contain every update appended. */
	compact(name: string, doc: Y.Doc): Promise<void>;
	/** Forgets what it remembers of a room that left memory. */
	forget(name: string): void;
	exists(name: string): Promise<boolean>;
	/** Bytes used on disk (database and WAL). */
	diskBytes(): number;
	integrityCheck(): Promise<string>;
	close(): Promise<void>;
}

type Row = { data: Buffer };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name));
CREATE TABLE IF NOT EXISTS "journal" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT, "name" varchar(255) NOT NULL, "data" blob NOT NULL);
CREATE INDEX IF NOT EXISTS "journal_name_seq" ON "journal" ("name", "seq");
`;

interface PendingAppend {
	name: string;
	update: Uint8Array;
	resolve: () => void;
	reject: (error: Error) => void;
}

export async function openRoomStorage(file: string): Promise<RoomStorage> {
	const memory = file === ':memory:';
	if (!memory) mkdirSync(dirname(file), { recursive: true });
	const db = await new Promise<sqlite3.Database>((resolve, reject) => {
		const opened: sqlite3.Database = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
	});
	const run = (sql: string, params: unknown[] = []) =>
		new Promise<number>((resolve, reject) =>
			db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
				if (error) reject(error);
				else resolve(this.lastID);
			})
		);
	const all = <T>(sql: string, params: unknown[] = []) =>
		new Promise<T[]>((resolve, reject) => db.all(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows))));
	const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));

	// WAL: readers never block the writer; FULL: each commit is fsynced, so an acknowledged edit also
	// survives a power cut, not only a crash of the process.
	if (!memory) await exec('PRAGMA journal_mode = WAL');
	await exec('PRAGMA synchronous = FULL');
	await exec(SCHEMA);

	// Every write goes through one queue, so appends and compactions never interleave inside a
	// transaction; appends waiting while a transaction runs are committed together by the next one.
	let tail: Promise<unknown> = Promise.resolve();
	const pending: PendingAppend[] = [];
	let batchQueued = false;
	/** The last journal row committed for each room in memory: compaction drops the rows up to it. */
	const lastSeq = new Map<string, number>();

	const serial = <T>(task: () => Promise<T>): Promise<T> => {
		const next = tail.then(task, task);
		tail = next.catch(() => undefined);
		return next;
	};

	async function commitBatch(): Promise<void> {
		batchQueued = false;
		const batch = pending.splice(0);
		if (batch.length === 0) return;
		const seqs: number[] = [];
		try {
			await exec('BEGIN IMMEDIATE');
			for (const item of batch)
				seqs.push(await run('INSERT INTO journal (name, data) VALUES (?, ?)', [item.name, Buffer.from(item.update)]));
			await exec('COMMIT');
		} catch (error) {
			await exec('ROLLBACK').catch(() => undefined);
			for (const item of batch) item.reject(error instanceof Error ? error : new Error(String(error)));
			return;
		}
		batch.forEach((item, i) => {
			lastSeq.set(item.name, Math.max(lastSeq.get(item.name) ?? 0, seqs[i] ?? 0));
			item.resolve();
		});
	}

	return {
		async load(name) {
			const state = await all<Row>('SELECT data FROM documents WHERE name = ?', [name]);
			const rows = await all<Row & { seq: number }>('SELECT seq, data FROM journal WHERE name = ? ORDER BY seq', [name]);
			// Rows journaled before a crash are applied now with the state: the next compaction drops them.
			const last = rows.at(-1)?.seq;
			if (last !== undefined) lastSeq.set(name, Math.max(lastSeq.get(name) ?? 0, last));
			return [...state, ...rows].map((row) => new Uint8Array(row.data));
		},
		append(name, update) {
			return new Promise<void>((resolve, reject) => {
				pending.push({ name, update, resolve, reject });
				if (!batchQueued) {
					batchQueued = true;
					void serial(commitBatch);
				}
			});
		},
		compact(name, doc) {
			return serial(async () => {
				// Every row committed so far was applied to `doc` before it was appended.
				const upTo = lastSeq.get(name) ?? 0;
				const state = Y.encodeStateAsUpdate(doc);
				try {
					await exec('BEGIN IMMEDIATE');
					await run('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data', [
						name,
						Buffer.from(state)
					]);
					if (upTo > 0) await run('DELETE FROM journal WHERE name = ? AND seq <= ?', [name, upTo]);
					await exec('COMMIT');
				} catch (error) {
					await exec('ROLLBACK').catch(() => undefined);
					throw error;
				}
			});
		},
		forget(name) {
			lastSeq.delete(name);
		},
		async exists(name) {
			const rows = await all<{ one: number }>(
				'SELECT 1 AS one FROM documents WHERE name = ? UNION ALL SELECT 1 FROM journal WHERE name = ? LIMIT 1',
				[name, name]
			);
			return rows.length > 0;
		},
		diskBytes() {
			if (memory) return 0;
			let total = 0;
			for (const suffix of ['', '-wal']) {
				try {
					total += statSync(file + suffix).size;
				} catch {
					// No WAL yet.
				}
			}
			return total;
		},
		async integrityCheck() {
			const rows = await all<{ integrity_check: string }>('PRAGMA integrity_check');
			return rows.map((row) => row.integrity_check).join('\n');
		},
		async close() {
			await serial(async () => undefined);
			await new Promise<void>((resolve) => db.close(() => resolve()));
		}
	};
}
