// Helpers of the hostile-input tests: the real `npm start` (supervisor and worker) in a child process,
// clients bound to chosen loopback addresses (127.0.0.0/8 is all loopback on Linux, so each address
// stands for one machine on the Wi-Fi), and the check every attack is followed by: a legitimate pair
// of devices still syncs through the relay and through signaling, and /healthz answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { newRoomCode, roomFromCode, type Room } from '../lib/shared/room.ts';

export interface Health {
	status: string;
	pid: number;
	rssBytes: number;
	connections: number;
	queuedBytes: number;
	relay: { rooms: number; connections: number; refused: number; diskBytes: number };
	/** A hosted instance sharing rooms through Redis. */
	cluster?: { instance: string; redis: string; droppedFrames: number } | null;
	refusals: Record<string, number>;
}

/** A stand-in for the built app in `dir` (the pages `npm start` checks, so it does not build the app). */
export function fakeBuildRoot(dir: string): string {
	const root = join(dir, 'build');
	mkdirSync(join(root, 'ateliers'), { recursive: true });
	writeFileSync(join(root, '200.html'), '<!doctype html><title>atelier</title>');
	writeFileSync(join(root, 'index.html'), '<!doctype html><title>accueil</title>');
	writeFileSync(join(root, 'ateliers', 'coquille.html'), '<!doctype html><title>atelier</title>');
	return root;
}

/** Appends `text` to `doc`'s text `t`; returns the update the edit made. */
export function appendText(doc: Y.Doc, text: string): Uint8Array {
	let captured: Uint8Array = new Uint8Array();
	const capture = (update: Uint8Array) => (captured = update);
	doc.on('update', capture);
	doc.getText('t').insert(doc.getText('t').length, text);
	doc.off('update', capture);
	return captured;
}

export interface Supervised {
	port: number;
	process: ChildProcess;
	output(): string;
	health(): Promise<Health>;
	/** Resident memory of the serving worker, in bytes, read from /proc. */
	workerRss(): Promise<number>;
	stop(): Promise<void>;
	/** Kills the supervisor and its workers at once (SIGKILL to the process group), as a machine lost. */
	kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.once('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => done(port));
		});
	});
}

export async function until<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		try {
			const value = await check();
			if (value) return value as NonNullable<T>;
		} catch {
			// not yet
		}
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

/** Starts `npm start`'s supervisor on a free port of 127.0.0.1 (clients from 127.0.0.x reach it). */
export async function startSupervised(
	database: string,
	root: string,
	limits?: object,
	extra: { env?: Record<string, string>; port?: number } = {}
): Promise<Supervised> {
	const port = extra.port ?? (await freePort());
	const child = spawn(
		process.execPath,
		['--import', 'tsx', resolve('src/server/cli.ts'), '--port', String(port), '--host', '127.0.0.1', '--root', root, '--data', database],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
			cwd: process.cwd(),
			env: { ...process.env, ...(limits ? { ATELIER_LIMITS: JSON.stringify(limits) } : {}), ...extra.env },
			// Its own process group, so kill() takes the workers with it.
			detached: true
		}
	);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	try {
		await until(() => output.includes('Ctrl+C'), 30_000, 'server start');
	} catch (error) {
		// Its own process group outlives this process: a server that did not start must not linger.
		try {
			process.kill(-(child.pid ?? 0), 'SIGKILL');
		} catch {
			// already gone
		}
		throw new Error(`${(error as Error).message}:\n${output}`, { cause: error });
	}
	const health = async (): Promise<Health> => {
		const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3_000) });
		if (!res.ok) throw new Error(`healthz ${res.status}`);
		return (await res.json()) as Health;
	};
	return {
		port,
		process: child,
		output: () => output,
		health,
		async workerRss() {
			const { pid } = await health();
			const status = readFileSync(`/proc/${pid}/status`, 'utf8');
			return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
		},
		async stop() {
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 8_000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		},
		async kill() {
			try {
				process.kill(-(child.pid ?? 0), 'SIGKILL');
			} catch {
				// already gone
			}
			await exited;
		}
	};
}

/** A `ws` WebSocket class whose connections leave from `address`. */
export function wsFrom(address: string): typeof WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[], options: WebSocket.ClientOptions = {}) {
			super(url, protocols, { ...options, localAddress: address });
		}
	} as typeof WebSocket;
}

/** Opens a raw WebSocket from `address`; resolves once open, rejects with the HTTP status on refusal. */
export function openSocket(url: string, address: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
	return new Promise((done, fail) => {
		const ws = new WebSocket(url, { ...options, localAddress: address });
		ws.once('open', () => done(ws));
		ws.once('unexpected-response', (_req, res) => {
			fail(new Error(String(res.statusCode)));
			ws.terminate();
		});
		ws.once('error', fail);
	});
}

export function closed(ws: WebSocket): Promise<number> {
	return new Promise((done) => {
		if (ws.readyState === WebSocket.CLOSED) return done(-1);
		ws.once('close', (code) => done(code));
	});
}

/**
 * Resolves when the client has synced, or fails naming the step, the refusal the relay gave (if any)
 * and the server's refusal counters: a relay client that never syncs would otherwise hang the test.
 */
export async function synced(
	client: RelayClient,
	what: string,
	health?: () => Promise<{ refusals: Record<string, number> }>,
	timeoutMs = 15_000
): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no answer'), timeoutMs)));
	const outcome = await Promise.race([client.synced.then(() => null), client.failed.then((reason) => `refused: ${reason}`), timeout]);
	clearTimeout(timer);
	if (outcome === null) return;
	const refusals = health ? JSON.stringify((await health().catch(() => ({ refusals: {} }))).refusals) : '';
	throw new Error(`${what} did not sync (${outcome}); server refusals ${refusals}`);
}

export interface RelayClient {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	synced: Promise<void>;
	failed: Promise<string>;
	destroy(): void;
}

export function relayClient(port: number, room: Room, address = '127.0.0.2', token = room.token, doc = new Y.Doc()): RelayClient {
	const socket = new HocuspocusProviderWebsocket({
		url: `ws://127.0.0.1:${port}/relay`,
		WebSocketPolyfill: wsFrom(address),
		minDelay: 100,
		delay: 100,
		maxDelay: 500
	});
	let ok: () => void = () => {};
	let fail: (reason: string) => void = () => {};
	const synced = new Promise<void>((r) => (ok = r));
	const failed = new Promise<string>((r) => (fail = r));
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: room.id,
		document: doc,
		token,
		onSynced: () => ok(),
		onAuthenticationFailed: ({ reason }) => fail(reason)
	});
	provider.attach();
	return {
		doc,
		provider,
		synced,
		failed,
		destroy() {
			provider.destroy();
			socket.destroy();
		}
	};
}

/**
 * Two legitimate devices from `address`: they edit a room through the relay and exchange a publish
 * through signaling, and /healthz answers. Throws if any of it fails.
 */
export async function legitimatePairWorks(server: Supervised, address = '127.0.0.2'): Promise<void> {
	const room = roomFromCode(newRoomCode());
	const a = relayClient(server.port, room, address);
	const b = relayClient(server.port, room, address);
	try {
		await until(() => Promise.all([a.synced, b.synced]).then(() => true), 10_000, 'relay sync');
		a.doc.getText('t').insert(0, 'bonjour');
		await until(() => b.doc.getText('t').toString() === 'bonjour', 10_000, 'relay edit a → b');
		b.doc.getText('t').insert(7, ' !');
		await until(() => a.doc.getText('t').toString() === 'bonjour !', 10_000, 'relay edit b → a');
	} finally {
		a.destroy();
		b.destroy();
	}
	const url = `ws://127.0.0.1:${server.port}/signal`;
	const [x, y] = await Promise.all([openSocket(url, address), openSocket(url, address)]);
	try {
		for (const ws of [x, y]) ws.send(JSON.stringify({ type: 'subscribe', topics: [room.id] }));
		await new Promise((r) => setTimeout(r, 50));
		const received = new Promise<unknown>((done) => y.on('message', (data) => done(JSON.parse(data.toString()))));
		x.send(JSON.stringify({ type: 'publish', topic: room.id, data: { offre: 'chiffrée' } }));
		const message = await Promise.race([
			received,
			new Promise((_, fail) => setTimeout(() => fail(new Error('no signaling publish')), 5_000))
		]);
		if ((message as { data?: { offre?: string } }).data?.offre !== 'chiffrée') throw new Error('signaling publish altered');
	} finally {
		x.terminate();
		y.terminate();
	}
	const health = await server.health();
	if (health.status !== 'ok') throw new Error('healthz not ok');
}

/**
 * A WebSocket client written by hand over TCP, for what `ws` will not do: never read what the server
 * sends (the socket is paused after the handshake) and send frames of any declared length.
 */
export interface RawSocket {
	socket: Socket;
	/** Sends one masked frame (opcode 1 text, 2 binary). */
	send(payload: Uint8Array | string, opcode?: number): boolean;
	/** Stops reading: the kernel buffers fill, then the server's queue for this socket grows. */
	stopReading(): void;
	closed: Promise<void>;
}

export function rawSocket(port: number, path: string, address: string): Promise<RawSocket> {
	return new Promise((done, fail) => {
		const socket = connect({ host: '127.0.0.1', port, localAddress: address });
		const closed = new Promise<void>((r) => socket.once('close', () => r()));
		socket.once('error', fail);
		socket.once('connect', () => {
			const key = randomBytes(16).toString('base64');
			socket.write(
				`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`
			);
		});
		let head = '';
		const onData = (chunk: Buffer) => {
			head += chunk.toString('latin1');
			if (!head.includes('\r\n\r\n')) return;
			socket.off('data', onData);
			socket.off('error', fail);
			socket.on('error', () => undefined);
			if (!head.startsWith('HTTP/1.1 101')) {
				socket.destroy();
				return fail(new Error(head.slice(9, 12)));
			}
			done({
				socket,
				closed,
				send(payload, opcode = typeof payload === 'string' ? 1 : 2) {
					const data =
						typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
					const length = data.length;
					const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
					header[0] = 0x80 | opcode;
					if (length < 126) header[1] = 0x80 | length;
					else if (length < 65_536) {
						header[1] = 0x80 | 126;
						header.writeUInt16BE(length, 2);
					} else {
						header[1] = 0x80 | 127;
						header.writeBigUInt64BE(BigInt(length), 2);
					}
					const mask = randomBytes(4);
					const masked = Buffer.allocUnsafe(length);
					for (let i = 0; i < length; i++) masked[i] = (data[i] ?? 0) ^ (mask[i & 3] ?? 0);
					if (socket.destroyed) return false;
					return socket.write(Buffer.concat([header, mask, masked]));
				},
				stopReading() {
					socket.pause();
				}
			});
		};
		socket.on('data', onData);
	});
}

function frame(room: string, body: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, room);
	body(encoder);
	return encoding.toUint8Array(encoder);
}

/** Hocuspocus frames as a client writes them (what a modified client can send by hand). */
export const frames = {
	auth: (room: string, token: string) =>
		frame(room, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, token))),
	step1: (room: string, doc: Y.Doc) =>
		frame(
			room,
			(e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)))
		),
	update: (room: string, update: Uint8Array) =>
		frame(room, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))),
	/** `count` device states, client ids from `first` on. */
	awareness: (room: string, first = 1234, count = 1) =>
		frame(room, (e) => {
			const inner = encoding.createEncoder();
			encoding.writeVarUint(inner, count);
			for (let i = 0; i < count; i++) {
				encoding.writeVarUint(inner, first + i);
				encoding.writeVarUint(inner, 1);
				encoding.writeVarString(inner, JSON.stringify({ user: { name: 'Ana' } }));
			}
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
		}),
	close: (room: string) => frame(room, (e) => encoding.writeVarUint(e, 7))
};

/** A raw relay socket from `address` that proved the code of `room`. */
export async function authenticatedSocket(url: string, room: Room, address = '127.0.0.1'): Promise<WebSocket> {
	const ws = await openSocket(url, address);
	const accepted = new Promise<void>((done) => ws.once('message', () => done()));
	ws.send(frames.auth(room.id, room.token));
	await accepted;
	return ws;
}
