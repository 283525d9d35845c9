// The relay: Hocuspocus (the Yjs WebSocket server of the field) on the atelier server's /relay path,
// keeping every room on the facilitator's disk (storage.ts). It carries a room when WebRTC cannot
// connect (no STUN, mDNS blocked, client isolation) and keeps a copy of every room so nothing lives
// only on a tablet. A client must prove it knows the room code: its token must be a preimage of the
// room id (see src/lib/shared/room.ts), which the relay checks without learning the code or the key.
//
// In front of Hocuspocus, a gate per socket (see docs/SECURITY.md, « Le serveur d’atelier »):
// - before authentication, a socket may send few and small frames, and must authenticate in time;
// - every frame is decoded and checked whole (relay-frames.ts) before Hocuspocus sees it;
// - an authenticated socket speaks for its own room only, within a message and byte rate;
// - an update is written to the journal on disk before Hocuspocus applies and acknowledges it;
// - a room stays under MAX_ROOM_BYTES and the disk under its quota; refusals are told to the device;
// - outgoing data counts against the server's budget, and a socket that does not read is closed.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hocuspocus } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { tokenMatchesRoom } from '../lib/shared/room.ts';
import { MAX_RELAY_FRAME_BYTES, MAX_ROOM_BYTES } from '../lib/shared/limits.ts';
import { type OutgoingBudget, type Refusals, type RefusalReason, WindowCounter } from './guards.ts';
import { inspectRelayFrame, isEmptyUpdate, type RelayFrame } from './relay-frames.ts';
import { openRoomStorage, type RoomStorage } from './storage.ts';
import { openPostgresStorage } from './storage-postgres.ts';
import type { ClusterLink } from './cluster.ts';
import { RateLimiter } from './signaling.ts';

export interface RelayLimits {
	/** Bytes a socket may send before it authenticates (raw, frames included). */
	preAuthBytes: number;
	/** Frames a socket may send before it authenticates. */
	preAuthFrames: number;
	/** A socket that has not authenticated after this is closed. */
	authTimeoutMs: number;
	/** Sustained messages and bytes per second of an authenticated socket, and the bursts. */
	messagesPerSecond: number;
	messageBurst: number;
	bytesPerSecond: number;
	byteBurst: number;
	/** New rooms one address may create per hour. */
	roomsPerAddressPerHour: number;
	/** Bytes the relay's database may take on disk; past it, no new room and no growth. */
	diskQuotaBytes: number;
	/** Largest room (encoded state). */
	maxRoomBytes: number;
	/** Outgoing bytes one relay socket may have queued (the first sync of a large room fits). */
	maxQueuedPerSocket: number;
	/** Sockets in one room (a room has a few dozen devices). */
	maxSocketsPerRoom: number;
	/** Distinct device states (awareness client ids) one socket may bring into its room. */
	maxAwarenessClientsPerSocket: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
	preAuthBytes: 64 * 1024,
	preAuthFrames: 32,
	authTimeoutMs: 10_000,
	messagesPerSecond: 200,
	messageBurst: 1_000,
	bytesPerSecond: 2 * 1024 * 1024,
	byteBurst: 2 * MAX_RELAY_FRAME_BYTES,
	roomsPerAddressPerHour: 60,
	diskQuotaBytes: 1024 * 1024 * 1024,
	maxRoomBytes: MAX_ROOM_BYTES,
	maxQueuedPerSocket: 2 * MAX_RELAY_FRAME_BYTES,
	maxSocketsPerRoom: 256,
	maxAwarenessClientsPerSocket: 64
};

export interface RelayOptions {
	/** SQLite file of the rooms; ':memory:' keeps nothing. */
	database: string;
	/** A hosted service's PostgreSQL (postgres://…): the rooms are kept there instead of `database`. */
	databaseUrl?: string;
	/** Other instances sharing the rooms through Redis. */
	cluster?: ClusterLink;
	refusals: Refusals;
	budget: OutgoingBudget;
	limits?: Partial<RelayLimits>;
	/** Milliseconds a room waits after an edit before it is compacted on disk, and the most it waits. */
	debounceMs?: number;
	maxDebounceMs?: number;
	/** Interval of WebSocket pings; a socket that missed the previous pong is closed. */
	pingIntervalMs?: number;
	/** Interval of the beat every authenticated device hears (`{"battement": bootId}`), 1 s by default. */
	beatIntervalMs?: number;
}

export interface RelayStats {
	rooms: number;
	connections: number;
	/** Relay clients refused for want of the room code. */
	refused: number;
	diskBytes: number;
}

export interface Relay {
	readonly limits: RelayLimits;
	/** Takes over an upgrade request; `address` is the client's, `release` frees its connection slot. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, address: string): void;
	stats(): RelayStats;
	/** Resolves once the rooms' storage is open; rejects with why it cannot be. */
	ready(): Promise<void>;
	/** Compacts every room with edits since its last compaction. */
	flush(): Promise<void>;
	integrityCheck(): Promise<string>;
	/** Closes every relay socket, then the database. */
	close(): Promise<void>;
}

const ROOM_ID = /^[0-9a-z]{26}$/;
/** Growth of a room the relay lets go unmeasured before it encodes the room again to know its size. */
const UNMEASURED_GROWTH = 256 * 1024;

/** Why a device is refused, sent to it as the reason of a denied authentication or a stateless note. */
export type RelayNotice = 'code-not-proven' | 'rooms-per-address' | 'disk-quota' | 'room-full' | 'room-crowded';

interface SocketState {
	address: string;
	room: string | null;
	firstName: string | null;
	preAuthFrames: number;
	rate: RateLimiter;
	bytes: RateLimiter;
	noticeSentAt: number;
	ws: WebSocket;
	/** Ends the raw byte count of the unauthenticated socket. */
	authenticated: () => void;
	/** Awareness client ids this socket brought in. */
	awarenessClients: Set<number>;
	alive: boolean;
}

/** Hocuspocus sends `reason` to the device as the cause of the denial; an empty message keeps it from logging it again. */
class RelayRefusal extends Error {
	readonly reason: RelayNotice;
	constructor(reason: RelayNotice) {
		super('');
		this.reason = reason;
	}
}

/** A Hocuspocus stateless message (type 5) carrying a JSON note for the provider's onStateless. */
function statelessFrame(documentName: string, payload: object): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, documentName);
	encoding.writeVarUint(encoder, 5);
	encoding.writeVarString(encoder, JSON.stringify(payload));
	return encoding.toUint8Array(encoder);
}

export function createRelay(options: RelayOptions): Relay {
	const limits: RelayLimits = { ...DEFAULT_RELAY_LIMITS, ...options.limits };
	const { refusals, budget } = options;
	let codeRefused = 0;
	const storageReady: Promise<RoomStorage> = options.databaseUrl
		? openPostgresStorage(options.databaseUrl)
		: openRoomStorage(options.database);
	// A failed open is reported by every hook that needs the disk; this keeps it from being unhandled.
	storageReady.catch(() => undefined);
	let storage: RoomStorage | null = null;
	void storageReady.then((s) => (storage = s));
	const sockets = new WeakMap<IncomingMessage, SocketState>();
	/** Frames the gate let through, decoded: beforeHandleMessage does not decode them again, and the gate
	 * does not check twice a frame Hocuspocus re-emits after authentication. */
	const inspected = new WeakMap<object, RelayFrame>();
	const roomsCreated = new WindowCounter(60 * 60 * 1000);
	/** `address room` pairs opened as new rooms this hour: reopening one (still empty, so not on disk) is not a new room. */
	const roomsOpened = new WindowCounter(60 * 60 * 1000);
	const sizes = new Map<string, { measured: number; unmeasured: number }>();
	/**
	 * Rooms holding an update that was applied in memory but could not be journaled (the disk or PostgreSQL
	 * failed), with a count of such failures. Until a compaction that began after the last failure succeeds,
	 * their beat carries no state vector: a device must not read « stored » from a room that is not.
	 */
	const unjournaled = new Map<string, number>();
	/** Appends under way per room: while one is, the room holds an update not yet committed. */
	const appending = new Map<string, number>();
	/**
	 * Per room, a state vector of what storage holds for certain: the room as loaded, then as of each
	 * successful compaction. The beat carries it when the live one cannot be vouched for: while an append is
	 * under way or failed, and always with other instances (their edits arrive through Redis before their own
	 * instance has committed them, and Hocuspocus never stores changes that came through Redis).
	 */
	const storedVectors = new Map<string, Map<number, number>>();
	const vectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));
	const noteStored = (room: string, vector: Map<number, number>) => {
		const known = storedVectors.get(room) ?? new Map<number, number>();
		for (const [client, clock] of vector) known.set(client, Math.max(clock, known.get(client) ?? 0));
		storedVectors.set(room, known);
	};
	let diskBytes = 0;
	let diskCheckedAt = 0;
	const disk = () => {
		const now = Date.now();
		if (storage && now - diskCheckedAt > 1_000) {
			diskBytes = storage.diskBytes();
			diskCheckedAt = now;
		}
		return diskBytes;
	};

	const refuse = (reason: RefusalReason, state: SocketState | { address: string }, detail: string) =>
		refusals.refuse(reason, `relais, ${state.address} : ${detail}`);
	/** Sockets already refused for a bad frame, closing: cut by the pre-auth budget, they are not counted twice. */
	const condemned = new WeakSet<object>();

	const hocuspocus = new Hocuspocus({
		quiet: true,
		// Runs before the hooks below (priority 1000): it subscribes a loaded room to the other instances,
		// and lets one instance at a time store a room (the others skip that compaction; their journal
		// rows stay until a later one, see storage-postgres.ts).
		extensions: options.cluster ? [options.cluster.extension] : [],
		debounce: options.debounceMs ?? 2_000,
		maxDebounce: options.maxDebounceMs ?? 10_000,
		async onAuthenticate({ token, documentName, request }) {
			const state = sockets.get(request);
			if (!state) throw new RelayRefusal('code-not-proven');
			if (!ROOM_ID.test(documentName) || !tokenMatchesRoom(token, documentName)) {
				codeRefused++;
				refuse('code-not-proven', state, 'code d’atelier non prouvé');
				// The denial is sent first; the socket has nothing left to do here.
				setTimeout(() => state.ws.terminate(), 200).unref();
				throw new RelayRefusal('code-not-proven');
			}
			const store = await storageReady;
			if (!hocuspocus.documents.has(documentName) && !(await store.exists(documentName))) {
				// A new room: rooms cost disk, so creating them is limited per address and by the quota. A
				// room this address opened within the hour and that stayed empty (a device reconnecting
				// before anyone typed) counts once, however often it is unloaded and opened again.
				const opened = `${state.address} ${documentName}`;
				if (roomsOpened.count(opened) === 0 && roomsCreated.count(state.address) >= limits.roomsPerAddressPerHour) {
					refuse('rooms-per-address', state, 'trop de nouvelles salles depuis cette adresse');
					throw new RelayRefusal('rooms-per-address');
				}
				if (disk() >= limits.diskQuotaBytes) {
					refuse('disk-quota', state, 'quota disque du relais atteint');
					throw new RelayRefusal('disk-quota');
				}
				if (roomsOpened.count(opened) === 0) {
					roomsCreated.add(state.address);
					roomsOpened.add(opened);
				}
			}
			if ((hocuspocus.documents.get(documentName)?.getConnectionsCount() ?? 0) >= limits.maxSocketsPerRoom) {
				refuse('capacity', state, `salle ${documentName} pleine de connexions`);
				throw new RelayRefusal('room-crowded');
			}
			state.room = documentName;
			state.authenticated();
			// Hocuspocus hands this back in onDisconnect, where the socket is closed with its connection.
			return { atelierSocket: state };
		},
		async onDisconnect({ context }) {
			// Hocuspocus closes a room's connection (missed pong, an error) but not its socket: later
			// frames would queue for ever. One room per socket, so the socket goes with it.
			(context as { atelierSocket?: SocketState }).atelierSocket?.ws.terminate();
		},
		async onLoadDocument({ document, documentName }) {
			const store = await storageReady;
			for (const update of await store.load(documentName)) {
				try {
					Y.applyUpdate(document, update);
				} catch {
					refusals.refuse('bad-frame', `relais : une mise à jour enregistrée de la salle ${documentName} est illisible, ignorée`);
				}
			}
			sizes.delete(documentName);
			storedVectors.set(documentName, vectorOf(document));
		},
		async beforeHandleMessage({ update: data, documentName, document, connection }) {
			// The frame was checked by the gate. An update is applied here first (an update can decode and
			// still fail to apply: it is then refused and never journaled), then journaled and committed,
			// and only then does Hocuspocus apply it again (a no-op) and acknowledge it to the device.
			const frame = inspected.get(data) ?? inspectRelayFrame(data);
			if (!frame.ok || frame.type !== 'update' || isEmptyUpdate(frame.update)) return;
			try {
				Y.applyUpdate(document, frame.update, connection);
			} catch {
				const state = (connection as { context?: { atelierSocket?: SocketState } }).context?.atelierSocket;
				refusals.refuse('bad-frame', `relais${state ? `, ${state.address}` : ''} : mise à jour qui ne s’applique pas, refusée`);
				state?.ws.terminate();
				// Never settles: Hocuspocus neither applies the frame nor logs a stack trace for it, and the
				// socket is gone, so nothing waits on this promise (it is collected with the socket).
				return new Promise<void>(() => {});
			}
			appending.set(documentName, (appending.get(documentName) ?? 0) + 1);
			try {
				await (await storageReady).append(documentName, frame.update);
			} catch (error) {
				unjournaled.set(documentName, (unjournaled.get(documentName) ?? 0) + 1);
				refusals.refuse(
					'disk-quota',
					`relais : modification de la salle ${documentName} non enregistrée (${error instanceof Error ? error.message : String(error)})`
				);
				// Not acknowledged: Hocuspocus closes the connection (4205, its « reset »: the device reconnects)
				// and the device keeps counting the edit as pending. A pg error's own `code` is not a close code.
				throw Object.assign(new Error('stockage indisponible'), { code: 4205, reason: 'storage-unavailable' });
			} finally {
				const left = (appending.get(documentName) ?? 1) - 1;
				if (left > 0) appending.set(documentName, left);
				else appending.delete(documentName);
			}
		},
		async onStoreDocument({ document, documentName }) {
			// A failed compaction (disk full) must not kill the worker: the journal still holds every
			// acknowledged update, and the next compaction tries again.
			try {
				await compactRoom(documentName, document);
			} catch (error) {
				refusals.refuse(
					'disk-quota',
					`relais : écriture de la salle ${documentName} impossible (${error instanceof Error ? error.message : String(error)})`
				);
			}
		},
		async afterUnloadDocument({ documentName }) {
			sizes.delete(documentName);
			// What memory held without storage is gone with it; the devices still count those edits as pending.
			unjournaled.delete(documentName);
			storedVectors.delete(documentName);
			storage?.forget(documentName);
		}
	});

	/** Writes the room's state; what it held when the compaction began is then stored for certain. */
	async function compactRoom(room: string, doc: Y.Doc): Promise<void> {
		const failures = unjournaled.get(room);
		const vector = vectorOf(doc);
		await (await storageReady).compact(room, doc);
		noteStored(room, vector);
		if (failures !== undefined && unjournaled.get(room) === failures) unjournaled.delete(room);
	}

	// A room whose update could not be journaled is compacted again every few seconds until it is stored:
	// Hocuspocus would only try again at the room's next edit, and its devices wait on it.
	const retry = setInterval(() => {
		for (const room of unjournaled.keys()) {
			const doc = hocuspocus.documents.get(room);
			if (doc) void compactRoom(room, doc).catch(() => undefined);
		}
	}, 3_000);
	retry.unref();

	/** The room's size if `bytes` more were added to it, measuring it again when the estimate is stale. */
	function sizeWith(room: string, bytes: number): number {
		const doc = hocuspocus.documents.get(room);
		if (!doc) return bytes;
		let size = sizes.get(room);
		if (!size || size.unmeasured > UNMEASURED_GROWTH || size.measured + size.unmeasured + bytes > limits.maxRoomBytes) {
			size = { measured: Y.encodeStateAsUpdate(doc).byteLength, unmeasured: 0 };
			sizes.set(room, size);
		}
		return size.measured + size.unmeasured + bytes;
	}

	function notify(state: SocketState, notice: RelayNotice): void {
		const now = Date.now();
		if (!state.room || now - state.noticeSentAt < 10_000) return;
		state.noticeSentAt = now;
		state.ws.send(statelessFrame(state.room, { refus: notice, maxRoomBytes: limits.maxRoomBytes }));
	}

	/** Decides what happens to one incoming frame: the decoded frame lets Hocuspocus have it, null drops it. */
	function gate(state: SocketState, data: unknown, isBinary: boolean): RelayFrame | null {
		const close = (reason: RefusalReason, detail: string) => {
			refuse(reason, state, detail);
			state.ws.terminate();
			return null;
		};
		if (!isBinary) return close('bad-frame', 'trame texte');
		const frame = inspectRelayFrame(data);
		if (!frame.ok) return close('bad-frame', `trame refusée (${frame.reason})`);
		if (!state.room) {
			if (++state.preAuthFrames > limits.preAuthFrames) return close('pre-auth-budget', 'trop de trames avant authentification');
			state.firstName ??= frame.documentName;
			if (frame.documentName !== state.firstName) return close('bad-frame', 'plusieurs salles avant authentification');
			return frame;
		}
		if (frame.documentName !== state.room) return close('bad-frame', 'trame pour une autre salle');
		const bytes = (data as Uint8Array).byteLength;
		if (!state.rate.take() || !state.bytes.take(bytes)) return close('rate', 'trop de trames');
		if (frame.type === 'close') {
			// The device leaves: its socket goes too (Hocuspocus would keep it open, queueing what follows).
			state.ws.close(1000);
			return null;
		}
		if (frame.type === 'awareness') {
			for (const client of frame.clients) state.awarenessClients.add(client);
			if (state.awarenessClients.size > limits.maxAwarenessClientsPerSocket) return close('bad-frame', 'trop d’appareils annoncés');
		}
		if (frame.type === 'update' && !isEmptyUpdate(frame.update)) {
			const room = state.room;
			if (disk() >= limits.diskQuotaBytes) {
				refuse('disk-quota', state, 'quota disque du relais atteint, modification refusée');
				notify(state, 'disk-quota');
				return null;
			}
			if (sizeWith(room, frame.update.byteLength) > limits.maxRoomBytes) {
				refuse('room-full', state, `salle ${room} pleine, modification refusée`);
				notify(state, 'room-full');
				return null;
			}
			const size = sizes.get(room);
			if (size) size.unmeasured += frame.update.byteLength;
		}
		return frame;
	}

	const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_RELAY_FRAME_BYTES, perMessageDeflate: false });

	// Our own heartbeat: Hocuspocus's closes a room's connection on a missed pong, not the socket.
	const live = new Set<SocketState>();
	const heartbeat = setInterval(() => {
		for (const state of live) {
			if (!state.alive) {
				state.ws.terminate();
				continue;
			}
			state.alive = false;
			state.ws.ping();
		}
	}, options.pingIntervalMs ?? 30_000);
	heartbeat.unref();

	// The devices' heartbeat: a cut network closes no socket for tens of seconds, so every device hears
	// from the relay every second and knows it lost the laptop within seconds of its silence. The id
	// tells a device that the process behind the relay changed (the server restarted).
	// The beat carries the room's state vector: a device learns which of its edits are in the room, whatever
	// became of the acknowledgements (Hocuspocus's count restarts at each reconnection).
	const bootId = crypto.randomUUID();
	const beat = setInterval(() => {
		const frames = new Map<string, Uint8Array>();
		for (const state of live) {
			const room = state.room;
			if (!room || state.ws.readyState !== state.ws.OPEN) continue;
			let frame = frames.get(room);
			if (!frame) {
				const doc = hocuspocus.documents.get(room);
				// The live state vector only when every update this room holds is committed; otherwise what
				// storage holds for certain (see storedVectors).
				const vouched = doc && !options.cluster && !appending.has(room) && !unjournaled.has(room);
				const vector = vouched ? vectorOf(doc) : storedVectors.get(room);
				frame = statelessFrame(room, vector ? { battement: bootId, sv: Object.fromEntries(vector) } : { battement: bootId });
				frames.set(room, frame);
			}
			state.ws.send(frame);
		}
	}, options.beatIntervalMs ?? 1_000);
	beat.unref();

	function accept(ws: WebSocket, req: IncomingMessage, address: string, authenticated: () => void): void {
		const state: SocketState = {
			address,
			room: null,
			firstName: null,
			preAuthFrames: 0,
			rate: new RateLimiter(limits.messagesPerSecond, limits.messageBurst),
			bytes: new RateLimiter(limits.bytesPerSecond, limits.byteBurst),
			noticeSentAt: 0,
			ws,
			authenticated,
			awarenessClients: new Set(),
			alive: true
		};
		live.add(state);
		ws.on('pong', () => (state.alive = true));
		sockets.set(req, state);
		// Oversized frames and protocol errors surface here; `ws` has stopped reading them and sends the close
		// frame (1009, 1002). Terminating at once raced that frame (the device saw 1006, not why it was closed):
		// the socket is cut only if the close handshake has not ended half a second later.
		ws.on('error', (error: Error & { code?: string }) => {
			refuse('bad-frame', state, `erreur de protocole (${error.code ?? error.message})`);
			// Refused once: if the pre-authentication budget then cuts it, that is not a second refusal.
			condemned.add(req.socket);
			setTimeout(() => ws.terminate(), 500).unref();
		});
		const authTimer = setTimeout(() => {
			if (state.room) return;
			refuse('auth-timeout', state, 'pas d’authentification à temps');
			ws.terminate();
		}, limits.authTimeoutMs);
		authTimer.unref();

		// Hocuspocus re-emits the frames it queued during authentication: those were already checked.
		const emit = ws.emit.bind(ws);
		ws.emit = ((event: string | symbol, ...args: unknown[]) => {
			if (event !== 'message') return emit(event, ...args);
			const [data, isBinary] = args as [Buffer, boolean | undefined];
			if (inspected.has(data)) return emit(event, data, isBinary);
			const frame = gate(state, data, isBinary !== false);
			if (!frame) return false;
			inspected.set(data, frame);
			return emit(event, data, isBinary);
		}) as typeof ws.emit;

		// Outgoing data counts against the server's budget; a socket that does not read is closed.
		const send = ws.send.bind(ws) as (data: Uint8Array, cb?: (error?: Error) => void) => void;
		ws.send = ((data: Uint8Array, optionsOrCb?: unknown, maybeCb?: unknown) => {
			const cb = (typeof optionsOrCb === 'function' ? optionsOrCb : maybeCb) as ((error?: Error) => void) | undefined;
			if (!budget.admits(ws, data.byteLength, limits.maxQueuedPerSocket)) {
				refuse(
					ws.bufferedAmount + data.byteLength > limits.maxQueuedPerSocket ? 'slow-reader' : 'outgoing-budget',
					state,
					'appareil qui ne lit pas ses messages, fermé'
				);
				ws.terminate();
				cb?.(new Error('slow reader'));
				return;
			}
			send(data, cb);
		}) as typeof ws.send;
		ws.once('close', () => {
			clearTimeout(authTimer);
			budget.forget(ws);
			live.delete(state);
		});
		hocuspocus.handleConnection(ws, req);
	}

	async function flush(): Promise<void> {
		const pending: Promise<unknown>[] = [];
		for (const name of hocuspocus.documents.keys()) {
			const id = `onStoreDocument-${name}`;
			if (hocuspocus.debouncer.isDebounced(id)) pending.push(Promise.resolve(hocuspocus.debouncer.executeNow(id)));
		}
		await Promise.allSettled(pending);
	}

	return {
		limits,
		handleUpgrade(req, socket, head, address) {
			// Until it authenticates, a socket's raw bytes are counted: `ws` would otherwise buffer a
			// whole frame (up to MAX_RELAY_FRAME_BYTES) before anything could look at it.
			let preAuth = 0;
			const onData = (chunk: Buffer) => {
				preAuth += chunk.length;
				if (preAuth > limits.preAuthBytes) {
					if (!condemned.has(socket)) refuse('pre-auth-budget', { address }, 'trop de données avant authentification');
					socket.destroy();
				}
			};
			socket.on('data', onData);
			const stopCounting = () => socket.off('data', onData);
			wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, address, stopCounting));
		},
		stats: () => ({ rooms: hocuspocus.getDocumentsCount(), connections: wss.clients.size, refused: codeRefused, diskBytes: disk() }),
		flush,
		async ready() {
			await storageReady;
		},
		async integrityCheck() {
			return (await storageReady).integrityCheck();
		},
		async close() {
			clearInterval(heartbeat);
			clearInterval(beat);
			clearInterval(retry);
			await flush();
			hocuspocus.closeConnections();
			for (const ws of wss.clients) ws.terminate();
			wss.close();
			await flush();
			await (await storageReady).close();
		}
	};
}
