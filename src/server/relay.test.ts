// The relay with real Hocuspocus providers over real WebSockets, and its SQLite file on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { newRoomCode, roomFromCode, type Room } from '../lib/shared/room.ts';
import { createAtelierServer, type AtelierServer } from './server.ts';
import type { RelayLimits } from './relay.ts';
import { authenticatedSocket, closed, frames, rawSocket } from './hostile.test-helper.ts';

let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'atelier-relay-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(database: string, port = 0, relayLimits: Partial<RelayLimits> = {}): Promise<{ server: AtelierServer; url: string }> {
	const server = createAtelierServer({
		root: dir,
		port,
		host: '127.0.0.1',
		database,
		relayLimits,
		log: process.env.DEBUG_RELAY ? console.log : () => {}
	});
	const bound = await server.listen();
	return { server, url: `ws://127.0.0.1:${bound}/relay` };
}

interface Client {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	failed: Promise<string>;
	synced: Promise<void>;
	destroy(): void;
}

/** A relay client; `onNote` hears the relay's notes, `onBeat` its heartbeat (one a second). */
function client(
	url: string,
	room: Room,
	token = room.token,
	onNote: (payload: string) => void = () => {},
	onBeat: (bootId: string, sv: Record<string, number>) => void = () => {}
): Client {
	const doc = new Y.Doc();
	const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, maxAttempts: 0 });
	let fail: (reason: string) => void = () => {};
	let ok: () => void = () => {};
	const failed = new Promise<string>((resolve) => (fail = resolve));
	const synced = new Promise<void>((resolve) => (ok = resolve));
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: room.id,
		document: doc,
		token,
		onAuthenticationFailed: ({ reason }) => fail(reason),
		onSynced: () => ok(),
		onStateless: ({ payload }) => {
			if (payload.startsWith('{"battement"')) {
				const beat = JSON.parse(payload) as { battement: string; sv: Record<string, number> };
				onBeat(beat.battement, beat.sv);
			} else onNote(payload);
		}
	});
	provider.attach();
	return {
		doc,
		provider,
		failed,
		synced,
		destroy() {
			provider.destroy();
			socket.destroy();
		}
	};
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('relay', () => {
	it('carries edits between two clients that prove the room code', async () => {
		const { server, url } = await start(':memory:');
		const room = roomFromCode(newRoomCode());
		const a = client(url, room);
		const b = client(url, room);
		await Promise.all([a.synced, b.synced]);
		a.doc.getText('t').insert(0, 'bonjour');
		await until(() => b.doc.getText('t').toString() === 'bonjour');
		b.doc.getText('t').insert(7, ' à tous');
		await until(() => a.doc.getText('t').toString() === 'bonjour à tous');
		expect(server.relay.stats()).toMatchObject({ rooms: 1, connections: 2 });
		a.destroy();
		b.destroy();
		await server.close();
	});

	it('beats every second to each device of a room with the room’s state vector, and an id that changes when the server restarts', async () => {
		const database = join(dir, 'beats.sqlite');
		const room = roomFromCode(newRoomCode());
		const first = await start(database);
		const heard: { id: string; sv: Record<string, number> }[] = [];
		const a = client(first.url, room, room.token, undefined, (id, sv) => heard.push({ id, sv }));
		await a.synced;
		a.doc.getText('t').insert(0, 'dans la salle');
		const startedAt = Date.now();
		const before = heard.length;
		// The room's state vector in a beat says the relay has the edit (13 characters: clock 13).
		await until(() => heard.some((beat) => beat.sv[String(a.doc.clientID)] === 13), 5_000);
		// About one a second (a loaded machine may stretch the interval, never crowd it): two beats after a
		// given moment are at least one interval apart.
		await until(() => heard.length >= before + 2, 5_000);
		expect(Date.now() - startedAt).toBeGreaterThan(900);
		const firstBeats = heard.map((beat) => beat.id);
		expect(new Set(firstBeats).size).toBe(1);
		a.destroy();
		await first.server.close();

		const second = await start(database);
		const later: string[] = [];
		const b = client(second.url, room, room.token, undefined, (id) => later.push(id));
		await b.synced;
		await until(() => later.length > 0, 3_000);
		expect(later[0]).not.toBe(firstBeats[0]);
		b.destroy();
		await second.server.close();
	});

	it('refuses a client whose token does not match the room, and it receives nothing', async () => {
		const { server, url } = await start(':memory:');
		const room = roomFromCode(newRoomCode());
		const owner = client(url, room);
		await owner.synced;
		owner.doc.getText('t').insert(0, 'secret');
		const intruders = [
			client(url, room, roomFromCode(newRoomCode()).token),
			client(url, room, room.id),
			client(url, { ...room, id: 'not-a-room' }, room.token)
		];
		for (const intruder of intruders) expect(await intruder.failed).toBeTruthy();
		await new Promise((resolve) => setTimeout(resolve, 100));
		for (const intruder of intruders) {
			expect(intruder.doc.getText('t').toString()).toBe('');
			intruder.destroy();
		}
		expect(server.relay.stats().refused).toBe(3);
		owner.destroy();
		await server.close();
	});

	it('keeps rooms on disk across a restart of the server', async () => {
		const database = join(dir, 'rooms.sqlite');
		const room = roomFromCode(newRoomCode());
		const first = await start(database);
		const a = client(first.url, room);
		await a.synced;
		a.doc.getText('t').insert(0, 'gardé sur le disque');
		await until(() => a.provider.unsyncedChanges === 0);
		a.destroy();
		await first.server.close();

		const second = await start(database);
		const b = client(second.url, room);
		await b.synced;
		await until(() => b.doc.getText('t').toString() === 'gardé sur le disque');
		b.destroy();
		await second.server.close();
	});

	it('survives a member of the room sending updates that do not decode, and keeps the room intact', async () => {
		const { server, url } = await start(':memory:');
		const room = roomFromCode(newRoomCode());
		const a = client(url, room);
		const b = client(url, room);
		await Promise.all([a.synced, b.synced]);
		a.doc.getText('t').insert(0, 'intact');
		await until(() => b.doc.getText('t').toString() === 'intact');
		// A modified client with the right code: Hocuspocus sync messages whose update is garbage.
		const socket = b.provider.configuration.websocketProvider as unknown as { send(message: Uint8Array): void };
		for (const garbage of [new Uint8Array([255, 255, 255, 255, 15]), crypto.getRandomValues(new Uint8Array(4096)), new Uint8Array(0)]) {
			const encoder = encoding.createEncoder();
			encoding.writeVarString(encoder, room.id);
			encoding.writeVarUint(encoder, 0); // Sync
			encoding.writeVarUint(encoder, 2); // Update
			encoding.writeVarUint8Array(encoder, garbage);
			socket.send(encoding.toUint8Array(encoder));
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(a.doc.getText('t').toString()).toBe('intact');
		// The relay still serves the room to a newcomer, with its content.
		const c = client(url, room);
		await c.synced;
		await until(() => c.doc.getText('t').toString() === 'intact');
		a.doc.getText('t').insert(6, ' et vivant');
		await until(() => c.doc.getText('t').toString() === 'intact et vivant');
		for (const x of [a, b, c]) x.destroy();
		await server.close();
	});

	it('closes the socket of an oversized frame and keeps serving the room', async () => {
		const { server, url } = await start(':memory:');
		const raw = new WebSocket(url);
		await new Promise((resolve) => raw.once('open', resolve));
		const code = await new Promise<number>((resolve) => {
			raw.once('close', (c) => resolve(c));
			raw.send(new Uint8Array(17 * 1024 * 1024));
		});
		expect(code).toBe(1009);
		const junk = new WebSocket(url);
		await new Promise((resolve) => junk.once('open', resolve));
		junk.send(new Uint8Array([255, 255, 255, 1, 2, 3]));
		junk.send('pas du binaire');
		const room = roomFromCode(newRoomCode());
		const a = client(url, room);
		const b = client(url, room);
		await Promise.all([a.synced, b.synced]);
		a.doc.getText('t').insert(0, 'toujours là');
		await until(() => b.doc.getText('t').toString() === 'toujours là');
		junk.close();
		a.destroy();
		b.destroy();
		await server.close();
	});

	it('closes a socket that does not authenticate in time, and counts it', async () => {
		const { server, url } = await start(':memory:', 0, { authTimeoutMs: 300 });
		const idle = new WebSocket(url);
		await new Promise((resolve) => idle.once('open', resolve));
		const code = await new Promise<number>((resolve) => idle.once('close', (c) => resolve(c)));
		expect(code).toBe(1006);
		expect(server.refusals.toJSON()).toMatchObject({ 'auth-timeout': 1 });
		await server.close();
	});

	it('limits the rooms one address creates, tells the device why, and still opens existing rooms', async () => {
		const { server, url } = await start(':memory:', 0, { roomsPerAddressPerHour: 2 });
		const rooms = [0, 1, 2].map(() => roomFromCode(newRoomCode()));
		const [a, b] = rooms.slice(0, 2).map((room) => client(url, room));
		await Promise.all([a!.synced, b!.synced]);
		const third = client(url, rooms[2]!);
		expect(await third.failed).toBe('rooms-per-address');
		const again = client(url, rooms[0]!);
		await again.synced;
		for (const c of [a!, b!, third, again]) c.destroy();
		expect(server.refusals.toJSON()).toMatchObject({ 'rooms-per-address': 1 });
		// A room that stayed empty is unloaded when its devices leave, and is not on disk: a device that
		// reconnects to it (bad Wi-Fi) is not creating a new room each time.
		for (let i = 0; i < 4; i++) {
			await until(() => server.relay.stats().rooms === 0, 10_000);
			const back = client(url, rooms[1]!);
			await back.synced;
			back.destroy();
		}
		expect(server.refusals.toJSON()).toMatchObject({ 'rooms-per-address': 1 });
		await server.close();
	});

	it('keeps the disk under its quota: edits and new rooms refused past it, with a note to the device', async () => {
		const database = join(dir, 'quota.sqlite');
		const { server, url } = await start(database, 0, { diskQuotaBytes: 400 * 1024 });
		const room = roomFromCode(newRoomCode());
		const notes: string[] = [];
		const a = client(url, room, room.token, (note) => notes.push(note));
		await a.synced;
		a.doc.getText('t').insert(0, 'y'.repeat(600 * 1024));
		await until(() => a.provider.unsyncedChanges === 0);
		// The disk's size is read at most once a second.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		a.doc.getText('t').insert(0, 'refusé');
		await until(() => notes.length > 0);
		expect(JSON.parse(notes[0]!)).toMatchObject({ refus: 'disk-quota' });
		expect(a.provider.unsyncedChanges).toBeGreaterThan(0);
		const other = client(url, roomFromCode(newRoomCode()));
		expect(await other.failed).toBe('disk-quota');
		a.destroy();
		other.destroy();
		await server.close();
	});

	it('refuses an update that decodes but does not apply, and the room on disk stays whole', async () => {
		const database = join(dir, 'poison.sqlite');
		const room = roomFromCode(newRoomCode());
		const first = await start(database);
		const a = client(first.url, room);
		await a.synced;
		a.doc.getText('t').insert(0, 'intact');
		await until(() => a.provider.unsyncedChanges === 0);
		const poison = updateThatDoesNotApply(Y.encodeStateAsUpdate(a.doc));
		const attacker = await authenticatedSocket(first.url, room);
		attacker.send(frames.update(room.id, poison));
		expect(await closed(attacker)).not.toBe(1000);
		// What Yjs integrated before it threw stays (the room is consistent, as after any hostile edit by
		// someone with the code); nothing of it is journaled raw, so nothing on disk fails to load.
		a.doc.getText('t').insert(a.doc.getText('t').length, ' et après');
		await until(() => a.provider.unsyncedChanges === 0);
		const expected = a.doc.getText('t').toString();
		expect(expected).toMatch(/intact et après$/);
		await first.server.relay.flush();
		a.destroy();
		await first.server.close();

		const second = await start(database);
		const b = client(second.url, room);
		await b.synced;
		await until(() => b.doc.getText('t').toString() === expected);
		expect(await second.server.relay.integrityCheck()).toBe('ok');
		b.destroy();
		await second.server.close();
	});

	it('closes the socket of a device that says it leaves, or that announces too many devices', async () => {
		const { server, url } = await start(':memory:');
		const room = roomFromCode(newRoomCode());
		const leaving = await authenticatedSocket(url, room);
		leaving.send(frames.close(room.id));
		expect(await closed(leaving)).toBe(1000);
		const crowd = await authenticatedSocket(url, room);
		for (let i = 0; i < 7 && crowd.readyState === WebSocket.OPEN; i++) crowd.send(frames.awareness(room.id, i * 10, 10));
		expect(await closed(crowd)).not.toBe(1000);
		expect(server.refusals.toJSON()['bad-frame']).toBe(1);
		await server.close();
	});

	it('refuses a device past the sockets a room may have, and says why', async () => {
		const { server, url } = await start(':memory:', 0, { maxSocketsPerRoom: 2 });
		const room = roomFromCode(newRoomCode());
		const [a, b] = [client(url, room), client(url, room)];
		await Promise.all([a.synced, b.synced]);
		const third = client(url, room);
		expect(await third.failed).toBe('room-crowded');
		for (const c of [a, b, third]) c.destroy();
		await server.close();
	});

	it('closes a relay socket that stops answering pings', async () => {
		const server = createAtelierServer({ root: dir, port: 0, host: '127.0.0.1', pingIntervalMs: 100, log: () => {} });
		const port = await server.listen();
		// A hand-written client never answers pings (`ws` would, by itself).
		const raw = await rawSocket(port, '/relay', '127.0.0.1');
		await raw.closed;
		await server.close();
	});
});

/**
 * An update that Yjs decodes but cannot apply on top of `base` (found by mutating a real one, with a
 * fixed seed and client id): what a modified client could send to poison a room's journal.
 */
function updateThatDoesNotApply(base: Uint8Array): Uint8Array {
	const source = new Y.Doc();
	source.clientID = 4242;
	Y.applyUpdate(source, base);
	const vector = Y.encodeStateVector(source);
	source.getText('t').insert(0, 'poison ');
	source.getMap('m').set('k', 'v');
	const update = Y.encodeStateAsUpdate(source, vector);
	let seed = 7;
	const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
	for (let tries = 0; tries < 100_000; tries++) {
		const mutated = update.slice();
		for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++)
			mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
		try {
			Y.decodeUpdate(mutated);
		} catch {
			continue;
		}
		const probe = new Y.Doc();
		Y.applyUpdate(probe, base);
		try {
			Y.applyUpdate(probe, mutated);
		} catch {
			return mutated;
		}
	}
	throw new Error('no such update found');
}
