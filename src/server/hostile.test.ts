// The atelier server of `npm start` (supervisor and worker, in a child process) attacked as someone on
// the same Wi-Fi would, without the room code, and by a modified client with it. After each attack:
// the worker that served before still serves (no crash hidden by a restart), a legitimate pair of
// devices from another address still syncs, and /healthz answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MAX_RELAY_FRAME_BYTES } from '../lib/shared/limits.ts';
import { newRoomCode, roomFromCode, type Room } from '../lib/shared/room.ts';
import {
	fakeBuildRoot,
	authenticatedSocket,
	closed,
	frames,
	legitimatePairWorks,
	openSocket,
	rawSocket,
	relayClient,
	synced,
	startSupervised,
	until,
	type Supervised
} from './hostile.test-helper.ts';

const MiB = 1024 * 1024;
/** The bound docs/SECURITY.md states for the worker's resident memory under these attacks. */
const RSS_BOUND = 256 * MiB;
let dir: string;
let root: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'atelier-hostile-'));
	root = fakeBuildRoot(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A raw relay socket from `address` that proved the code of `room`. */
const authenticated = (port: number, room: Room, address: string) => authenticatedSocket(`ws://127.0.0.1:${port}/relay`, room, address);

// Each attack runs against a separate process on two cores shared with the rest of the suite: generous timeouts.
describe.sequential('the atelier server under hostile input', { timeout: 60_000 }, () => {
	let server: Supervised;
	let pid: number;

	beforeAll(async () => {
		server = await startSupervised(join(dir, 'fuzz.sqlite'), root);
		pid = (await server.health()).pid;
	}, 40_000);
	afterAll(() => server?.stop());

	/** The check after every attack. */
	async function stillServing(): Promise<void> {
		await legitimatePairWorks(server);
		expect((await server.health()).pid, 'the worker was not replaced: nothing crashed').toBe(pid);
	}

	it('drops signaling JSON nested 10,000 deep, wide, or with prototype keys, and forwards the rest', async () => {
		const url = `ws://127.0.0.1:${server.port}/signal`;
		const [attacker, listener] = await Promise.all([openSocket(url, '127.0.0.3'), openSocket(url, '127.0.0.3')]);
		const received: string[] = [];
		listener.on('message', (data) => received.push(data.toString()));
		for (const ws of [attacker, listener]) ws.send(JSON.stringify({ type: 'subscribe', topics: ['salle', '__proto__', 'constructor'] }));
		await new Promise((r) => setTimeout(r, 100));
		const before = (await server.health()).refusals['bad-frame'] ?? 0;
		// The crash: about 20 KB, parsed fine, then JSON.stringify of it overflowed the stack.
		attacker.send(`{"type":"publish","topic":"salle","data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
		attacker.send(`{"type":"publish","topic":"salle","data":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`);
		attacker.send(
			JSON.stringify({ type: 'publish', topic: 'salle', data: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])) })
		);
		attacker.send('{"type":"publish","topic":"__proto__","data":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}}');
		attacker.send('{"__proto__":{"type":"subscribe"},"type":"ping"}');
		await until(async () => (await server.health()).refusals['bad-frame'] === before + 2, 5_000, 'two deep frames refused');
		await until(() => received.length === 2, 5_000, 'wide and prototype-keyed publishes forwarded');
		expect(JSON.parse(received[0]!).data.k4999).toBe(4999);
		expect(JSON.parse(received[1]!).data.__proto__).toEqual({ polluted: true });
		attacker.terminate();
		listener.terminate();
		await stillServing();
	});

	it('closes sockets that send random bytes or text to either endpoint', async () => {
		let seed = 0xbad5eed;
		const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
		const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
		for (let i = 0; i < 40; i++) {
			const path = i % 2 ? '/relay' : '/signal';
			const ws = await openSocket(`ws://127.0.0.1:${server.port}${path}`, '127.0.0.3');
			ws.send(i % 4 < 2 ? bytes(1 + Math.floor(random() * 2_000)) : String.fromCharCode(...bytes(64)));
			if (path === '/relay') expect(await closed(ws)).not.toBe(1000);
			else ws.terminate();
		}
		await stillServing();
	});

	it('refuses every truncation of valid Hocuspocus messages, before and after authentication', async () => {
		const room = roomFromCode(newRoomCode());
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'contenu');
		const valid = [
			frames.auth(room.id, room.token),
			frames.step1(room.id, doc),
			frames.update(room.id, Y.encodeStateAsUpdate(doc)),
			frames.awareness(room.id)
		];
		const before = (await server.health()).refusals['bad-frame'] ?? 0;
		let sent = 0;
		for (const message of valid) {
			// Every cut that leaves the document name whole, so the frame reaches the message decoding.
			const name = room.id.length + 1;
			for (let cut = name + 1; cut < message.length; cut += Math.max(1, Math.floor((message.length - name) / 12))) {
				const truncated = message.slice(0, cut);
				const pre = await openSocket(`ws://127.0.0.1:${server.port}/relay`, '127.0.0.3');
				pre.send(truncated);
				const post = await authenticated(server.port, room, '127.0.0.3');
				post.send(truncated);
				sent += 2;
				await Promise.all([closed(pre), closed(post)]);
			}
		}
		const refused = ((await server.health()).refusals['bad-frame'] ?? 0) - before;
		// A cut inside a length prefix can still decode as a shorter valid message; all others close.
		expect(refused).toBeGreaterThan(sent * 0.8);
		// The room was never given a partial update: a newcomer finds it empty and usable.
		const newcomer = relayClient(server.port, room);
		await synced(newcomer, 'newcomer after truncated frames', server.health);
		expect(newcomer.doc.getText('t').toString()).toBe('');
		newcomer.destroy();
		await stillServing();
	});

	it('closes a socket sending 15 MiB frames, or 4 MiB before authenticating, or over the frame limit after', async () => {
		const rssBefore = await server.workerRss();
		const before = await server.health();
		// The attack: 20 frames of 15 MiB on one socket that never authenticates.
		const raw = await rawSocket(server.port, '/relay', '127.0.0.3');
		const big = new Uint8Array(15 * MiB);
		for (let i = 0; i < 20 && !raw.socket.destroyed; i++) {
			raw.send(big);
			await new Promise((r) => setTimeout(r, 10));
		}
		await raw.closed;
		// Under the frame limit, but over what a socket may send before it proves the code.
		const small = await rawSocket(server.port, '/relay', '127.0.0.3');
		small.send(new Uint8Array(4 * MiB));
		await small.closed;
		const room = roomFromCode(newRoomCode());
		const ws = await authenticated(server.port, room, '127.0.0.3');
		ws.send(frames.update(room.id, new Uint8Array(MAX_RELAY_FRAME_BYTES + 1)));
		expect(await closed(ws)).toBe(1009);
		const after = await server.health();
		expect(after.refusals['pre-auth-budget']).toBe((before.refusals['pre-auth-budget'] ?? 0) + 1);
		expect(after.refusals['bad-frame']).toBe((before.refusals['bad-frame'] ?? 0) + 2);
		expect(await server.workerRss()).toBeLessThan(rssBefore + 32 * MiB);
		await stillServing();
	});

	it('refuses an update that would take a room over 6 MiB, tells the device in French, and the room still loads', async () => {
		const room = roomFromCode(newRoomCode());
		const writer = relayClient(server.port, room, '127.0.0.3');
		await synced(writer, 'writer of the 6 MiB room', server.health);
		writer.doc.getText('t').insert(0, 'début');
		await until(() => writer.provider.unsyncedChanges === 0, 5_000, 'first edit stored');
		const notes: string[] = [];
		// Refusals only: the relay's beat (every second) is stateless too and may come first.
		writer.provider.on('stateless', ({ payload }: { payload: string }) => {
			if (payload.includes('"refus"')) notes.push(payload);
		});
		writer.doc.getText('t').insert(5, 'x'.repeat(7 * MiB));
		await until(() => notes.length > 0, 10_000, 'room-full note');
		expect(JSON.parse(notes[0]!)).toMatchObject({ refus: 'room-full' });
		writer.destroy();
		const newcomer = relayClient(server.port, room);
		await synced(newcomer, 'newcomer to the full room', server.health);
		await until(() => newcomer.doc.getText('t').toString() === 'début', 5_000, 'room loads without the refused update');
		newcomer.destroy();
		await stillServing();
	});

	it('keeps one address to 64 sockets per endpoint (429), while other devices get in', async () => {
		const sockets: WebSocket[] = [];
		const refusals: string[] = [];
		for (const path of ['/signal', '/relay']) {
			for (let i = 0; i < 80; i++) {
				try {
					sockets.push(await openSocket(`ws://127.0.0.1:${server.port}${path}`, '127.0.0.4'));
				} catch (error) {
					refusals.push((error as Error).message);
				}
			}
		}
		expect(sockets).toHaveLength(128);
		expect(refusals).toEqual(Array(32).fill('429'));
		// Any string is some room's token: idle relay sockets with self-made tokens hold no slot of others.
		await stillServing();
		for (const ws of sockets) ws.terminate();
	});

	it('keeps its memory bounded under a flood of pre-authentication frames from many addresses', async () => {
		const rssBefore = await server.workerRss();
		let rssMax = rssBefore;
		const sampler = setInterval(() => void server.workerRss().then((rss) => (rssMax = Math.max(rssMax, rss))), 50);
		const chunk = new Uint8Array(4 * MiB);
		const attackers = await Promise.all(
			Array.from({ length: 8 * 40 }, (_, i) => rawSocket(server.port, '/relay', `127.0.1.${1 + (i % 8)}`))
		);
		// Each declares a 15 MiB frame and sends its first 4 MiB: `ws` would buffer every frame whole.
		for (const raw of attackers) {
			const header = Buffer.from([0x82, 0x80 | 127, 0, 0, 0, 0, 0, 0xf0, 0, 0, 1, 2, 3, 4]);
			raw.socket.write(header);
			raw.socket.write(chunk);
		}
		await Promise.all(attackers.map((raw) => raw.closed));
		clearInterval(sampler);
		const growth = rssMax - rssBefore;
		console.log(
			`pre-auth flood: 320 sockets × 4 MiB sent, worker RSS ${Math.round(rssBefore / MiB)} → max ${Math.round(rssMax / MiB)} MiB`
		);
		expect(growth).toBeLessThan(64 * MiB);
		expect(rssMax).toBeLessThan(RSS_BOUND);
		await stillServing();
	});
});

describe.sequential('the atelier server with sockets that never read', { timeout: 90_000 }, () => {
	let server: Supervised;

	beforeAll(async () => {
		// Rate limits out of the way, so the publishers can fill the readers' queues within seconds.
		server = await startSupervised(join(dir, 'slow.sqlite'), root, {
			limits: { messagesPerSecond: 10_000, messageBurst: 10_000, bytesPerSecond: 1e9, byteBurst: 1e9 }
		});
	}, 40_000);
	afterAll(() => server?.stop());

	it('closes signaling sockets that stop reading, within the outgoing budget', async () => {
		const rssBefore = await server.workerRss();
		let rssMax = rssBefore;
		const sampler = setInterval(() => void server.workerRss().then((rss) => (rssMax = Math.max(rssMax, rss))), 50);
		const readers = await Promise.all(Array.from({ length: 60 }, () => rawSocket(server.port, '/signal', '127.0.0.5')));
		for (const reader of readers) {
			reader.send(JSON.stringify({ type: 'subscribe', topics: ['salle-lente'] }));
			reader.stopReading();
		}
		const publishers = await Promise.all(
			Array.from({ length: 4 }, (_, i) => openSocket(`ws://127.0.0.1:${server.port}/signal`, `127.0.0.${6 + i}`))
		);
		for (const ws of publishers) ws.send(JSON.stringify({ type: 'subscribe', topics: ['salle-lente'] }));
		const message = JSON.stringify({ type: 'publish', topic: 'salle-lente', data: 'x'.repeat(100_000) });
		const deadline = Date.now() + 60_000;
		while ((await server.health()).refusals['slow-reader'] !== readers.length) {
			if (Date.now() > deadline) throw new Error('slow readers were not closed');
			for (const ws of publishers) if (ws.bufferedAmount < MiB) ws.send(message);
			await new Promise((r) => setTimeout(r, 5));
		}
		clearInterval(sampler);
		console.log(
			`never-reading sockets: 60 readers closed, worker RSS ${Math.round(rssBefore / MiB)} → max ${Math.round(rssMax / MiB)} MiB`
		);
		expect(rssMax - rssBefore).toBeLessThan(96 * MiB);
		expect(rssMax).toBeLessThan(RSS_BOUND);
		expect((await server.health()).queuedBytes).toBeLessThan(4 * MiB);
		for (const ws of publishers) ws.terminate();
		await legitimatePairWorks(server);
	}, 90_000);
});

describe.sequential('acknowledged edits and kill -9', { timeout: 60_000 }, () => {
	let server: Supervised;
	const database = () => join(dir, 'kill.sqlite');

	beforeAll(async () => {
		server = await startSupervised(database(), root);
	}, 40_000);
	afterAll(() => server?.stop());

	it('loses no acknowledged edit when the worker is killed mid-burst, restarts on the same port and keeps the file intact', async () => {
		const room = roomFromCode(newRoomCode());
		for (const killAfterMs of [700, 1_300, 2_100]) {
			const { pid } = await server.health();
			const writer = relayClient(server.port, room, '127.0.0.3');
			await synced(writer, 'writer before the kill', server.health);
			await until(() => writer.provider.unsyncedChanges === 0, 5_000, 'writer synced');
			const edits = writer.doc.getArray<string>('edits');
			const round = `${killAfterMs}`;
			let sent = 0;
			const start = Date.now();
			while (Date.now() - start < killAfterMs) {
				edits.push([`${round}-${sent++}`]);
				await new Promise((r) => setTimeout(r, 2));
			}
			process.kill(pid, 'SIGKILL');
			// Read at once, before anything else runs: each acknowledgement decremented this count, in order.
			const acknowledged = sent - writer.provider.unsyncedChanges;
			writer.destroy();
			expect(acknowledged).toBeGreaterThan(0);
			await until(async () => (await server.health()).pid !== pid, 5_000, 'a new worker');
			const reader = relayClient(server.port, room, '127.0.0.2');
			await synced(reader, 'reader after the restart', server.health);
			const stored = new Set(reader.doc.getArray<string>('edits').toArray());
			const lost = Array.from({ length: acknowledged }, (_, i) => `${round}-${i}`).filter((edit) => !stored.has(edit));
			expect(lost, `${acknowledged} acknowledged of ${sent} sent`).toEqual([]);
			reader.destroy();
		}
		expect(server.output()).toMatch(/redémarrage…[\s\S]*Serveur redémarré en \d+ ms/);
		const db = new sqlite3.Database(database(), sqlite3.OPEN_READONLY);
		const check = await new Promise<string>((done, fail) =>
			db.get('PRAGMA integrity_check', (error: Error | null, row: { integrity_check: string }) =>
				error ? fail(error) : done(row.integrity_check)
			)
		);
		await new Promise((r) => db.close(r));
		expect(check).toBe('ok');
		await legitimatePairWorks(server);
	}, 60_000);

	it('replaces a worker that stops answering (its event loop stuck), on the same port', async () => {
		const { pid } = await server.health();
		// SIGSTOP: alive but serving nobody, as a worker stuck in a loop would be.
		process.kill(pid, 'SIGSTOP');
		await until(async () => (await server.health()).pid !== pid, 40_000, 'a new worker');
		expect(server.output()).toMatch(/ne répond plus depuis 15 s : il est remplacé/);
		await legitimatePairWorks(server);
	}, 60_000);
});
