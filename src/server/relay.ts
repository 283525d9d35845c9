// The relay: Hocuspocus (the Yjs WebSocket server of the field) on the atelier server's /relay path,
// persisting every room on the facilitator's disk with its SQLite extension. It carries a room when
// WebRTC cannot connect (no STUN, mDNS blocked, client isolation) and keeps a copy of every room
// so nothing lives only on a tablet. A client must prove it knows the room code: its token must be
// a preimage of the room id (see src/lib/sync/room.ts), which the relay checks without learning the
// code or the encryption key.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hocuspocus } from '@hocuspocus/server';
import { schema, selectQuery, SQLite, upsertQuery } from '@hocuspocus/extension-sqlite';
import { WebSocketServer } from 'ws';
import { tokenMatchesRoom } from '../lib/shared/room.ts';

export interface RelayOptions {
	/** SQLite file of the rooms; ':memory:' keeps nothing. */
	database: string;
	/** Largest WebSocket frame, in bytes: a larger update closes the socket (1009) before parsing. */
	maxPayloadBytes?: number;
	/** Milliseconds a room waits after an edit before it is written to disk, and the most it waits. */
	debounceMs?: number;
	maxDebounceMs?: number;
}

export interface RelayStats {
	rooms: number;
	connections: number;
	refused: number;
}

export interface Relay {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	stats(): RelayStats;
	/** Writes every room with unsaved changes to disk now. */
	flush(): Promise<void>;
	/** Closes every relay socket after flushing. */
	close(): Promise<void>;
}

const ROOM_ID = /^[0-9a-z]{26}$/;

export function createRelay(options: RelayOptions): Relay {
	if (options.database !== ':memory:') mkdirSync(dirname(options.database), { recursive: true });
	let refused = 0;
	const sqlite = new SQLite({ database: options.database });
	// The extension creates its table and writes without waiting for SQLite to finish, so a room
	// fetched right after start-up can miss the table and a flush is not a flush. These wrappers wait.
	type Db = {
		run(sql: string, params: object, done: (error: Error | null) => void): void;
		get(sql: string, params: object, done: (error: Error | null, row?: { data: Uint8Array }) => void): void;
	};
	const internals = sqlite as unknown as { db?: Db; configuration: Record<string, unknown> };
	const run = (db: Db, sql: string, params: object = {}) =>
		new Promise<void>((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
	let schemaReady: Promise<void> | undefined;
	const ready = (): Db => {
		if (!internals.db) throw new Error('relay database not open');
		return internals.db;
	};
	const withSchema = async (): Promise<Db> => {
		const db = ready();
		schemaReady ??= run(db, schema);
		await schemaReady;
		return db;
	};
	internals.configuration.fetch = async ({ documentName }: { documentName: string }) => {
		const db = await withSchema();
		return new Promise<Uint8Array | undefined>((resolve, reject) =>
			db.get(selectQuery, { $name: documentName }, (error, row) => (error ? reject(error) : resolve(row?.data)))
		);
	};
	internals.configuration.store = async ({ documentName, state }: { documentName: string; state: Buffer }) => {
		const db = await withSchema();
		await run(db, upsertQuery, { $name: documentName, $data: state });
	};

	const hocuspocus = new Hocuspocus({
		quiet: true,
		debounce: options.debounceMs ?? 1_000,
		maxDebounce: options.maxDebounceMs ?? 5_000,
		extensions: [sqlite],
		async onAuthenticate({ token, documentName }) {
			if (!ROOM_ID.test(documentName) || !tokenMatchesRoom(token, documentName)) {
				refused++;
				throw new Error('room code not proven');
			}
		}
	});

	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: options.maxPayloadBytes ?? 16 * 1024 * 1024,
		perMessageDeflate: false
	});
	wss.on('connection', (ws, req: IncomingMessage) => {
		ws.on('error', () => ws.terminate());
		hocuspocus.handleConnection(ws, req);
	});

	async function flush(): Promise<void> {
		const pending: Promise<unknown>[] = [];
		for (const name of hocuspocus.documents.keys()) {
			const id = `onStoreDocument-${name}`;
			if (hocuspocus.debouncer.isDebounced(id)) pending.push(Promise.resolve(hocuspocus.debouncer.executeNow(id)));
		}
		await Promise.allSettled(pending);
	}

	return {
		handleUpgrade(req, socket, head) {
			wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
		},
		stats: () => ({ rooms: hocuspocus.getDocumentsCount(), connections: hocuspocus.getConnectionsCount(), refused }),
		flush,
		async close() {
			await flush();
			hocuspocus.closeConnections();
			for (const ws of wss.clients) ws.terminate();
			wss.close();
			await flush();
		}
	};
}
