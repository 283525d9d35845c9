// The relay's rooms in PostgreSQL, for a hosted service whose instances share rooms (see
// docs/DEPLOYMENT.md). Same contract as the SQLite file (storage.ts): an update is journaled and
// committed before the relay acknowledges it, and appends that arrive together share one commit.
//
// Why not Hocuspocus's Database extension: it stores a room only in `onStoreDocument`, seconds after the
// edits (debounced). An instance killed in between loses edits its devices were told were saved. The
// journal keeps the promise « acknowledged = on disk », whichever instance dies.
//
// Several instances hold the same room in memory and compact it, each from its own copy (Redis carries
// updates between copies, but not instantly). A compaction therefore never trusts its copy alone: under
// a per-room advisory lock it merges the stored state, every journal row it reads and its copy, writes
// the union and deletes exactly the rows it read. A row committed meanwhile by another instance is not
// read, so it is kept. Yjs updates merge without conflict: nothing any instance stored is lost.
import pg from 'pg';
import * as Y from 'yjs';
import type { RoomStorage } from './storage.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS atelier_rooms (
	name text PRIMARY KEY,
	data bytea NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS atelier_journal (
	seq bigserial PRIMARY KEY,
	name text NOT NULL,
	data bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS atelier_journal_name_seq ON atelier_journal (name, seq);
`;

/** Every instance creates the schema at start: this lock keeps two first starts from racing. */
const SCHEMA_LOCK = 7_467_101;

interface PendingAppend {
	name: string;
	update: Uint8Array;
	resolve: () => void;
	reject: (error: Error) => void;
}

export interface PostgresStorageOptions {
	/** Connections of this instance's pool. */
	poolSize?: number;
	/** How often the size on disk is read again (diskBytes() must answer at once). */
	sizeIntervalMs?: number;
}

export async function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<RoomStorage> {
	const pool = new pg.Pool({
		connectionString: url,
		max: options.poolSize ?? 8,
		connectionTimeoutMillis: 10_000,
		// A query that hangs (a network black hole) fails instead: the relay then knows the edit is not stored.
		query_timeout: 10_000,
		keepAlive: true
	});
	// An idle client that loses its server (PostgreSQL restarted) emits here; the pool replaces it.
	pool.on('error', () => undefined);
	try {
		const setup = await pool.connect();
		let failed: Error | undefined;
		try {
			await setup.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
			try {
				await setup.query(SCHEMA);
			} finally {
				await setup.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
			}
		} catch (error) {
			failed = error instanceof Error ? error : new Error(String(error));
			throw failed;
		} finally {
			// A client that failed is not given back to the pool.
			setup.release(failed);
		}
	} catch (error) {
		await pool.end().catch(() => undefined);
		throw error;
	}

	let diskBytes = 0;
	const measure = async () => {
		try {
			const { rows } = await pool.query<{ bytes: string }>(
				"SELECT (pg_total_relation_size('atelier_rooms') + pg_total_relation_size('atelier_journal'))::text AS bytes"
			);
			diskBytes = Number(rows[0]?.bytes ?? 0);
		} catch {
			// Keeps the last figure; the next beat tries again.
		}
	};
	await measure();
	const sizer = setInterval(() => void measure(), options.sizeIntervalMs ?? 5_000);
	sizer.unref();

	const pending: PendingAppend[] = [];
	let flushing: Promise<void> | null = null;

	/** Commits every waiting append in one INSERT (one commit, one WAL flush), then the ones that came meanwhile. */
	async function commitBatches(): Promise<void> {
		while (pending.length > 0) {
			const batch = pending.splice(0);
			const names = batch.map((item) => item.name);
			const data = batch.map((item) => Buffer.from(item.update));
			try {
				await pool.query('INSERT INTO atelier_journal (name, data) SELECT * FROM unnest($1::text[], $2::bytea[])', [names, data]);
				for (const item of batch) item.resolve();
			} catch (error) {
				for (const item of batch) item.reject(error instanceof Error ? error : new Error(String(error)));
			}
		}
	}

	const compacting = new Map<string, Promise<void>>();

	async function compactNow(name: string, doc: Y.Doc): Promise<void> {
		const client = await pool.connect();
		try {
			await client.query('BEGIN');
			// One compaction of a room at a time, across every instance.
			await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
			const stored = await client.query<{ data: Buffer }>('SELECT data FROM atelier_rooms WHERE name = $1', [name]);
			const journal = await client.query<{ seq: string; data: Buffer }>(
				'SELECT seq::text, data FROM atelier_journal WHERE name = $1 ORDER BY seq',
				[name]
			);
			const union = new Y.Doc();
			const applies = (data: Buffer) => {
				try {
					Y.applyUpdate(union, new Uint8Array(data));
					return true;
				} catch {
					return false;
				}
			};
			// A stored state that does not apply (a damaged disk) is replaced by the union of the rest; a
			// journal row that does not apply stays in the journal rather than being dropped.
			for (const row of stored.rows) applies(row.data);
			const merged = journal.rows.filter((row) => applies(row.data));
			Y.applyUpdate(union, Y.encodeStateAsUpdate(doc));
			await client.query(
				`INSERT INTO atelier_rooms (name, data) VALUES ($1, $2)
				 ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = now()`,
				[name, Buffer.from(Y.encodeStateAsUpdate(union))]
			);
			union.destroy();
			if (merged.length > 0)
				await client.query('DELETE FROM atelier_journal WHERE seq = ANY($1::bigint[])', [merged.map((row) => row.seq)]);
			await client.query('COMMIT');
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw error;
		} finally {
			client.release();
		}
	}

	return {
		async load(name) {
			// One statement, one snapshot: a compaction committed between two reads would otherwise hide the
			// rows it merged (deleted from the journal, absent from the state read before).
			const { rows } = await pool.query<{ data: Buffer }>(
				`SELECT data FROM (
					SELECT data, 0 AS part, 0::bigint AS seq FROM atelier_rooms WHERE name = $1
					UNION ALL SELECT data, 1, seq FROM atelier_journal WHERE name = $1
				) AS stored ORDER BY part, seq`,
				[name]
			);
			return rows.map((row) => new Uint8Array(row.data));
		},
		append(name, update) {
			return new Promise<void>((resolve, reject) => {
				pending.push({ name, update, resolve, reject });
				flushing ??= commitBatches().finally(() => (flushing = null));
			});
		},
		compact(name, doc) {
			// Compactions of one room in this instance run one after the other.
			const previous = compacting.get(name) ?? Promise.resolve();
			const next = previous.catch(() => undefined).then(() => compactNow(name, doc));
			const settled = next.catch(() => undefined);
			compacting.set(name, settled);
			void settled.then(() => {
				if (compacting.get(name) === settled) compacting.delete(name);
			});
			return next;
		},
		forget() {
			// Nothing is kept per room in memory.
		},
		async exists(name) {
			const { rows } = await pool.query(
				'SELECT 1 FROM atelier_rooms WHERE name = $1 UNION ALL SELECT 1 FROM atelier_journal WHERE name = $1 LIMIT 1',
				[name]
			);
			return rows.length > 0;
		},
		diskBytes: () => diskBytes,
		async integrityCheck() {
			// PostgreSQL checks its own pages; this says the tables answer and the journal is readable.
			await pool.query('SELECT count(*) FROM atelier_rooms');
			await pool.query('SELECT count(*) FROM atelier_journal');
			return 'ok';
		},
		async close() {
			clearInterval(sizer);
			while (flushing) await flushing;
			await Promise.allSettled(compacting.values());
			await pool.end();
		}
	};
}
