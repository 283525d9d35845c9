import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAtelierServer, type AtelierServer } from './server.ts';

const FILES: Record<string, string> = {
	'index.html': '<!doctype html><title>accueil</title>',
	'200.html': '<!doctype html><title>fallback</title>',
	'kit.html': '<!doctype html><title>kit</title>',
	'ateliers/coquille.html': '<!doctype html><title>atelier shell</title>',
	'ateliers/kit.json': '{"kit":true}',
	'sw.js': 'self.addEventListener("fetch", () => {});',
	'manifest.webmanifest': '{"name":"Atelier CAPACities"}',
	'_app/immutable/entry/app.abc123.js': 'export const x = 1;',
	'_app/immutable/assets/0.abc123.css': 'body{}'
};

let root: string;
let server: AtelierServer;
let base: string;
let wsUrl: string;

beforeAll(async () => {
	root = mkdtempSync(join(tmpdir(), 'atelier-static-'));
	for (const [name, body] of Object.entries(FILES)) {
		mkdirSync(dirname(join(root, name)), { recursive: true });
		writeFileSync(join(root, name), body);
	}
	server = createAtelierServer({ root, port: 0, host: '127.0.0.1', pingIntervalMs: 200 });
	const port = await server.listen();
	base = `http://127.0.0.1:${port}`;
	wsUrl = `ws://127.0.0.1:${port}/signal`;
});

afterAll(async () => {
	await server.close();
	rmSync(root, { recursive: true, force: true });
});

function connect(options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(wsUrl, options);
		ws.once('open', () => resolve(ws));
		ws.once('error', reject);
	});
}

function nextMessage(ws: WebSocket): Promise<unknown> {
	return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

function closed(ws: WebSocket): Promise<number> {
	return new Promise((resolve) => {
		if (ws.readyState === WebSocket.CLOSED) return resolve(-1);
		ws.once('close', (code) => resolve(code));
	});
}

async function health(): Promise<{ status: string; connections: number; topics: number; droppedFrames: number }> {
	const res = await fetch(`${base}/healthz`);
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	return res.json();
}

/** Two fresh clients in a fresh room: the publish of one reaches the other. */
async function exchange(topic: string): Promise<unknown> {
	const [a, b] = await Promise.all([connect(), connect()]);
	for (const ws of [a, b]) ws.send(JSON.stringify({ type: 'subscribe', topics: [topic] }));
	// A ping round trip proves the subscribe of each was processed (frames are handled in order).
	for (const ws of [a, b]) {
		const pong = nextMessage(ws);
		ws.send('{"type":"ping"}');
		expect(await pong).toEqual({ type: 'pong' });
	}
	const received = nextMessage(b);
	a.send(JSON.stringify({ type: 'publish', topic, data: { sdp: 'offre chiffrée' } }));
	const message = await received;
	a.close();
	b.close();
	return message;
}

describe('static files', () => {
	it('serves the home page with HTML type, no-cache and security headers', async () => {
		const res = await fetch(`${base}/`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/html;charset=utf-8');
		expect(res.headers.get('cache-control')).toBe('no-cache');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('no-referrer');
		expect(await res.text()).toContain('accueil');
	});

	it('serves prerendered pages without their extension', async () => {
		const res = await fetch(`${base}/kit`);
		expect(await res.text()).toContain('<title>kit</title>');
	});

	it('caches hashed assets for a year and revalidates the service worker', async () => {
		const asset = await fetch(`${base}/_app/immutable/entry/app.abc123.js`);
		expect(asset.headers.get('content-type')).toMatch(/javascript/);
		expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const sw = await fetch(`${base}/sw.js`);
		expect(sw.headers.get('cache-control')).toBe('no-cache');
		expect(sw.headers.get('content-type')).toMatch(/javascript/);
		const manifest = await fetch(`${base}/manifest.webmanifest`);
		expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
	});

	it('serves a precompressed variant when the client accepts it', async () => {
		writeFileSync(join(root, 'kit.html.br'), 'fake-brotli');
		const withBrotli = createAtelierServer({ root, port: 0, host: '127.0.0.1' });
		const port = await withBrotli.listen();
		try {
			const res = await new Promise<import('node:http').IncomingMessage>((resolve) =>
				import('node:http').then(({ get }) => get(`http://127.0.0.1:${port}/kit`, { headers: { 'Accept-Encoding': 'br' } }, resolve))
			);
			expect(res.headers['content-encoding']).toBe('br');
			expect(res.headers['content-type']).toBe('text/html;charset=utf-8');
			expect(res.headers.vary).toBe('Accept-Encoding');
			res.resume();
		} finally {
			await withBrotli.close();
		}
	});

	it('answers an ETag revalidation with 304', async () => {
		const first = await fetch(`${base}/sw.js`);
		const etag = first.headers.get('etag');
		expect(etag).toBeTruthy();
		const second = await fetch(`${base}/sw.js`, { headers: { 'If-None-Match': etag ?? '' } });
		expect(second.status).toBe(304);
	});

	it('serves the SPA fallback for client-side routes', async () => {
		const res = await fetch(`${base}/ateliers/x1y2/fiche/3`);
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('fallback');
	});

	it('serves the atelier page its own shell (with its code preloaded), for any atelier id', async () => {
		for (const path of ['/ateliers/x1y2', '/ateliers/x1y2/', '/ateliers/x1y2?fiche=abc']) {
			const res = await fetch(`${base}${path}`);
			expect(res.status, path).toBe(200);
			expect(await res.text(), path).toContain('atelier shell');
		}
		// Not the atelier's other pages, nor the files beside it.
		expect(await (await fetch(`${base}/ateliers/x1y2/rapport`)).text()).toContain('fallback');
		expect(await (await fetch(`${base}/ateliers`)).text()).toContain('fallback');
		expect(await (await fetch(`${base}/ateliers/kit.json`)).json()).toEqual({ kit: true });
	});

	it('answers 404, not the app shell, for a missing asset', async () => {
		const res = await fetch(`${base}/_app/immutable/entry/missing.js`);
		expect(res.status).toBe(404);
	});

	it('never serves files outside the build folder', async () => {
		for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
			const res = await fetch(`${base}${path}`);
			const text = await res.text();
			expect(text).not.toContain('root:');
			expect(text).not.toContain('"devDependencies"');
		}
	});

	it('refuses methods other than GET and HEAD', async () => {
		const res = await fetch(`${base}/`, { method: 'POST', body: 'x' });
		expect(res.status).toBe(405);
	});
});

describe('health', () => {
	it('reports status, connections and topics', async () => {
		const ws = await connect();
		ws.send('{"type":"subscribe","topics":["health-room"]}');
		const pong = nextMessage(ws);
		ws.send('{"type":"ping"}');
		await pong;
		const report = await health();
		expect(report.status).toBe('ok');
		expect(report.connections).toBeGreaterThanOrEqual(1);
		expect(report.topics).toBeGreaterThanOrEqual(1);
		ws.close();
		await closed(ws);
	});
});

describe('signaling WebSocket', () => {
	it('carries a publish from one client to another in the same room', async () => {
		expect(await exchange('salle-1')).toEqual({
			type: 'publish',
			topic: 'salle-1',
			data: { sdp: 'offre chiffrée' }
		});
	});

	it('refuses upgrades on other paths', async () => {
		await expect(
			new Promise((resolve, reject) => {
				const ws = new WebSocket(wsUrl.replace('/signal', '/autre'));
				ws.once('open', resolve);
				ws.once('error', reject);
			})
		).rejects.toThrow(/404/);
	});

	it('answers 503 at the cap and 429 past the per-address limit, counting sockets that never authenticate', async () => {
		const small = createAtelierServer({ root, port: 0, host: '127.0.0.1', maxConnections: 6, maxConnectionsPerAddress: 4, log: () => {} });
		const port = await small.listen();
		const open = (path: string, localAddress: string) =>
			new Promise<WebSocket>((resolve, reject) => {
				const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { localAddress });
				ws.once('open', () => resolve(ws));
				ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
				ws.once('error', reject);
			});
		const held: WebSocket[] = [];
		for (const path of ['/signal', '/relay']) {
			for (let i = 0; i < 4; i++) held.push(await open(path, '127.0.0.3'));
			await expect(open(path, '127.0.0.3')).rejects.toThrow('429');
			for (let i = 0; i < 2; i++) held.push(await open(path, '127.0.0.4'));
			await expect(open(path, '127.0.0.5')).rejects.toThrow('503');
		}
		expect(small.refusals.toJSON()).toMatchObject({ 'per-address': 2, capacity: 2 });
		// A closed socket gives its slot back.
		held.shift()?.terminate();
		await new Promise((r) => setTimeout(r, 50));
		held.push(await open('/signal', '127.0.0.5'));
		for (const ws of held) ws.terminate();
		await small.close();
	});

	it('closes a connection that sends a frame over the size limit', async () => {
		const ws = await connect();
		ws.send(JSON.stringify({ type: 'publish', topic: 'x', data: 'a'.repeat(200 * 1024) }));
		expect(await closed(ws)).toBe(1009);
	});

	it('closes a connection that stops answering pings', async () => {
		const ws = await connect({ autoPong: false });
		expect(await closed(ws)).toBe(1006);
	});

	it('survives 1,000+ garbage frames, each one processed, and keeps serving', async () => {
		// Its own server, with the rate limit out of the way so every frame reaches validation.
		const fuzzServer = createAtelierServer({
			root,
			port: 0,
			host: '127.0.0.1',
			limits: { messagesPerSecond: 1e6, messageBurst: 1e6 }
		});
		const port = await fuzzServer.listen();
		const url = `ws://127.0.0.1:${port}/signal`;
		const open = () =>
			new Promise<WebSocket>((resolve, reject) => {
				const ws = new WebSocket(url);
				ws.once('open', () => resolve(ws));
				ws.once('error', reject);
			});
		// Seeded generator so a failure can be replayed.
		let seed = 0x5eed;
		const random = () => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed / 0x7fffffff;
		};
		const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
		const randomString = (length: number) => Array.from({ length }, () => String.fromCharCode(32 + Math.floor(random() * 0xd000))).join('');
		const generators: (() => string | Buffer)[] = [
			() => randomString(Math.floor(random() * 200)),
			() => Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256))),
			() =>
				JSON.stringify({
					type: pick(['subscribe', 'unsubscribe', 'publish', 'ping', 'pong', 42, null]),
					topics: pick([null, 1, 'x', [1, {}], [''], ['ok']])
				}),
			() =>
				JSON.stringify({
					type: 'publish',
					topic: pick([null, 0, [], {}, 'nope', 'fuzz-room']),
					data: pick([undefined, null, 'x', { a: [1] }])
				}),
			() => '{"type":"subscribe","topics":["' + 'a'.repeat(Math.floor(random() * 600)) + '"]}',
			() => '['.repeat(Math.floor(random() * 20_000)),
			() => '{"type":"subscribe","topics":[' + '"t",'.repeat(Math.floor(random() * 100)) + '"t"]}',
			() => '{"__proto__":{"polluted":true},"type":"ping"}',
			() => JSON.stringify({ type: 'subscribe', topics: Array.from({ length: 40 }, (_, i) => `room-${i}`) }),
			() => '{"type":"publish","topic":"fuzz-room","data":' + '{"a":'.repeat(50) + '1' + '}'.repeat(50) + '}',
			() => '{"type":"subscribe","topics":["ok"]' + '\u0000'.repeat(10),
			() => 'a'.repeat(130 * 1024), // over the size limit: that socket is closed, the server lives on
			() => Buffer.from([0xff, 0xfe, 0xc3]).toString('latin1') + '{"type":"ping"'
		];
		let ws = await open();
		let answered = 0;
		let socketsClosed = 0;
		for (let i = 0; i < 1200; i++) {
			ws.send(pick(generators)());
			// The server handles frames in order: a pong (or a close) means this frame was handled.
			const outcome = await new Promise<'pong' | 'closed'>((resolve) => {
				const onMessage = (data: WebSocket.RawData) => {
					if (data.toString() === '{"type":"pong"}') done('pong');
				};
				const onClose = () => done('closed');
				const done = (value: 'pong' | 'closed') => {
					ws.off('message', onMessage);
					ws.off('close', onClose);
					resolve(value);
				};
				ws.on('message', onMessage);
				ws.on('close', onClose);
				if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
				else done('closed');
			});
			if (outcome === 'pong') answered++;
			if (outcome === 'closed') {
				socketsClosed++;
				ws = await open();
			}
		}
		ws.close();
		// Most garbage frames are dropped and the same socket still answers the next ping; the others
		// (oversized, binary garbage that breaks the WebSocket framing) close their socket.
		expect(answered).toBeGreaterThanOrEqual(1000);
		expect(socketsClosed).toBeGreaterThan(0);
		expect(answered + socketsClosed).toBe(1200);
		const res = await fetch(`http://127.0.0.1:${port}/healthz`);
		const report = (await res.json()) as { status: string; droppedFrames: number };
		expect(report.status).toBe('ok');
		expect(report.droppedFrames).toBeGreaterThan(500);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		await fuzzServer.close();
		// The shared server and its well-behaved clients are not affected either.
		expect(await exchange('after-fuzz')).toMatchObject({ type: 'publish', topic: 'after-fuzz' });
	});
});

describe('shutdown', () => {
	it('closes open WebSockets with 1001 and stops listening', async () => {
		const local = createAtelierServer({ root, port: 0, host: '127.0.0.1' });
		const port = await local.listen();
		const ws = new WebSocket(`ws://127.0.0.1:${port}/signal`);
		await new Promise((resolve) => ws.once('open', resolve));
		const code = closed(ws);
		await local.close();
		expect(await code).toBe(1001);
		await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
	});
});
