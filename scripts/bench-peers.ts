// Peer measures for `npm run bench` (issue 4): edit-to-peer latency over WebRTC, over the relay and for
// a bare y-webrtc pair; a full-day atelier's stored size and reload time; the relay under load.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import * as Y from 'yjs';
import { peerSeams } from '../vite.config.ts';
import { newRoomCode, roomFromCode, type Room } from '../src/lib/shared/room.ts';
import { recordDelays } from './bench-log.ts';
import { createNetns, deviceIn, startServer, type Device } from '../tests/browser/netns.ts';
import { wsFrom } from '../src/server/hostile.test-helper.ts';
import { addSheet, createAtelier, listSheets, grid, checklist, comparator, notes, setText } from '../src/lib/model/index.ts';
import { checklistFromKit, comparatorFromKit, gridFromKit } from '../src/lib/content/kit-templates.ts';
import { atelierServerCommand } from './atelier-server.ts';

export interface Latency {
	p50: number;
	p95: number;
	p99: number;
	count: number;
}

export function summarise(samples: number[]): Latency {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
	const round = (n: number) => Math.round(n * 10) / 10;
	return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), count: sorted.length };
}

const BUILD = resolve('build');
export const BENCH_DIR = join(BUILD, '__bench');

/** Bundles the report bench page into the build (removed by `reportGeneration`). */
async function buildReportHarness(): Promise<void> {
	await build({
		configFile: false,
		logLevel: 'warn',
		root: resolve('scripts/bench-report'),
		base: '/__bench/report/',
		resolve: { alias: { $lib: resolve('src/lib') } },
		build: { outDir: join(BENCH_DIR, 'report'), emptyOutDir: true, minify: true }
	});
}

/**
 * Issue 5: each report format of a filled 10-sheet atelier, generated in Chromium with the CPU
 * throttled 4× (a modest tablet), as the export buttons do. Needs the app's server on `origin`.
 */
export async function reportGeneration(origin: string, page: Page): Promise<Record<string, { ms: number; bytes: number }>> {
	await page.goto(`${origin}/__bench/report/index.html`);
	await page.waitForFunction(() => 'benchReport' in window);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	try {
		// A first run warms the code up (the user's first click also loads it); the second is measured.
		await page.evaluate(() => (window as unknown as { benchReport: { run(): Promise<unknown> } }).benchReport.run());
		return (await page.evaluate(() => (window as unknown as { benchReport: { run(): Promise<unknown> } }).benchReport.run())) as Record<
			string,
			{ ms: number; bytes: number }
		>;
	} finally {
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	}
}

export { buildReportHarness };

/** Bundles the harness twice: with the app's seams (as shipped) and without (bare y-webrtc). */
export async function buildHarness(): Promise<void> {
	for (const [name, plugins] of [
		['seams', [peerSeams()]],
		['bare', []]
	] as const) {
		await build({
			configFile: false,
			logLevel: 'warn',
			root: resolve('scripts/bench-peers'),
			base: `/__bench/${name}/`,
			plugins: [...plugins],
			resolve: { alias: { $lib: resolve('src/lib') } },
			build: { outDir: join(BENCH_DIR, name), emptyOutDir: true, minify: true }
		});
	}
}

interface BenchWindow {
	bench: {
		start(mode: string, code: string, origin: string): void;
		edit(seq: number): number;
		received(): [number, number][];
		status(): { state: string; webrtcPeers: number; relay: string } | null;
		stop(): void;
	};
}

const EDITS = 220;
const WARM_UP = 20;

type Mode = 'webrtc' | 'relay' | 'bare';

/** Opens `mode` in each page (one per device) on a fresh room and waits until all are connected. */
async function joinRoom(pages: Page[], origin: string, mode: Mode): Promise<void> {
	const bundle = mode === 'bare' ? 'bare' : 'seams';
	const code = newRoomCode();
	for (const page of pages) {
		await page.goto(`${origin}/__bench/${bundle}/index.html`);
		await page.waitForFunction(() => 'bench' in window);
		await page.evaluate(
			([m, c, o]) => (window as unknown as BenchWindow).bench.start(m as string, c as string, o as string),
			[mode, code, origin]
		);
	}
	const others = pages.length - 1;
	for (const page of pages) {
		await page.waitForFunction(
			([m, n]) => {
				const b = (window as unknown as BenchWindow).bench;
				const s = b.status();
				if (m === 'relay') return s?.relay === 'connecte' && s.state === 'synchronise';
				if (m === 'webrtc') return (s?.webrtcPeers ?? 0) >= (n as number);
				const conns = (b as unknown as { connected(): number }).connected;
				return conns ? conns() >= (n as number) : false;
			},
			[mode, others],
			{ timeout: 60_000, polling: 100 }
		);
	}
}

/**
 * Runs EDITS edits in each group of pages, interleaved edit by edit (group 1 edit i, group 2 edit i,
 * …), so that both see the same moments of a noisy machine. Returns the latencies per group.
 */
async function interleaved(groups: Page[][]): Promise<number[][]> {
	const sent = groups.map(() => new Map<number, number>());
	for (let seq = 0; seq < EDITS; seq++) {
		for (const [g, pages] of groups.entries()) {
			sent[g]!.set(seq, await pages[0]!.evaluate((s) => (window as unknown as BenchWindow).bench.edit(s), seq));
			await new Promise((r) => setTimeout(r, 15));
		}
	}
	await new Promise((r) => setTimeout(r, 1_000));
	const result: number[][] = [];
	for (const [g, pages] of groups.entries()) {
		const samples: number[] = [];
		let missing = 0;
		for (const page of pages.slice(1)) {
			const received = new Map(await page.evaluate(() => (window as unknown as BenchWindow).bench.received()));
			for (let seq = WARM_UP; seq < EDITS; seq++) {
				const at = received.get(seq);
				const from = sent[g]!.get(seq);
				if (at === undefined || from === undefined) missing++;
				else samples.push(at - from);
			}
		}
		// Yjs merges edits that arrive together: a receiver may then see only the later one.
		if (missing > 0) console.log(`  group ${g}: ${missing} edits seen only through a later one (merged delivery)`);
		result.push(samples);
	}
	for (const pages of groups) for (const page of pages) await page.evaluate(() => (window as unknown as BenchWindow).bench.stop());
	return result;
}

export async function peerLatency(): Promise<Record<'webrtc' | 'relay' | 'bare' | 'bareMesh', Latency>> {
	await buildHarness();
	const ns = createNetns(`atelier-bench-${process.pid}`);
	const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-'));
	const port = 18_790;
	const server = await startServer(ns, port, join(dir, 'relais.sqlite'));
	const devices: Device[] = [];
	try {
		for (let i = 0; i < 3; i++) devices.push(await deviceIn(ns));
		const pages = await Promise.all(devices.map((d) => d.context.newPage()));
		const origin = `http://127.0.0.1:${port}`;
		// Each device has two tabs: the app's peers in one, stock y-webrtc in the other (separate rooms).
		// Their edits alternate, so both face the same machine at the same moments.
		const app = pages;
		const stock = await Promise.all(devices.map((d) => d.context.newPage()));
		await joinRoom(app, origin, 'webrtc');
		await joinRoom(stock, origin, 'bare');
		const [webrtc = [], bareMesh = []] = await interleaved([app, stock]);
		await joinRoom(app, origin, 'relay');
		const [relay = []] = await interleaved([app]);
		await joinRoom(stock.slice(0, 2), origin, 'bare');
		const [bare = []] = await interleaved([stock.slice(0, 2)]);
		return { webrtc: summarise(webrtc), relay: summarise(relay), bare: summarise(bare), bareMesh: summarise(bareMesh) };
	} finally {
		for (const d of devices) await d.close();
		await server.kill('SIGTERM');
		ns.remove();
		rmSync(dir, { recursive: true, force: true });
		rmSync(BENCH_DIR, { recursive: true, force: true });
	}
}

/**
 * A simulated full day: 30 participants on their own Y.Docs fill 10 sheets (7 question grids, the
 * checklist, the comparator, notes) keystroke by keystroke, exchanging updates in rounds as peers do.
 */
export function fullDay(kit: {
	grids: Parameters<typeof gridFromKit>[0][];
	axes: Parameters<typeof checklistFromKit>[0];
	criteria: Parameters<typeof comparatorFromKit>[0];
	vehicles: Parameters<typeof comparatorFromKit>[1];
}): { update: Uint8Array; operations: number; sheets: number } {
	const PARTICIPANTS = 30;
	const origin = new Y.Doc();
	createAtelier(
		origin,
		{ title: 'Journée complète', date: '2026-12-03', territory: 'Territoire test', place: '' },
		{ kitVersion: 'bench' }
	);
	const sheetIds: string[] = [];
	for (const g of kit.grids.slice(0, 7)) sheetIds.push(addSheet(origin, gridFromKit(g)));
	sheetIds.push(addSheet(origin, checklistFromKit(kit.axes)));
	sheetIds.push(addSheet(origin, comparatorFromKit(kit.criteria, kit.vehicles)));
	sheetIds.push(addSheet(origin, { kind: 'notes', source: 'notes', title: 'Notes' }));
	const start = Y.encodeStateAsUpdate(origin);
	const docs = Array.from({ length: PARTICIPANTS }, () => {
		const d = new Y.Doc();
		Y.applyUpdate(d, start);
		return d;
	});
	let operations = 0;
	let rng = 42;
	const random = (n: number) => {
		rng = (rng * 1103515245 + 12345) & 0x7fffffff;
		return rng % n;
	};
	const words = ['données', 'service', 'mobilité', 'usagers', 'capteurs', 'licence', 'ouverte', 'partenaire', 'budget', 'échéance'];
	const ROUNDS = 100;
	// Each participant's updates of the round, sent to everyone else at its end (as the mesh does).
	const outbox = docs.map(() => [] as Uint8Array[]);
	docs.forEach((doc, p) => doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && outbox[p]!.push(u)));
	for (let round = 0; round < ROUNDS; round++) {
		docs.forEach((doc, p) => {
			const sheetId = sheetIds[(p + round) % sheetIds.length]!;
			const sheet = doc.getMap('sheets').get(sheetId) as Y.Map<unknown>;
			const type = (sheet.get('template') as { kind: string }).kind;
			if (type === 'grid') {
				const rows = grid.readGrid(sheet).rows;
				const row = rows[random(rows.length)]!;
				const column = ['reponse', 'acteur', 'echeance', 'priorite'][random(4)]!;
				// Deadlines and priorities are choices, not text.
				if (column === 'echeance' || column === 'priorite') {
					const value = column === 'echeance' ? `2027-${String(1 + random(12)).padStart(2, '0')}` : grid.PRIORITIES[random(3)]!;
					grid.setChoice(sheet, row.id, column, value);
					operations++;
					return;
				}
				const text = grid.ensureCell(sheet, row.id, column);
				// Typed keystroke by keystroke: each character is one operation.
				const word = ` ${words[random(words.length)]} ${words[random(words.length)]} ${words[random(words.length)]}`;
				for (const ch of word) {
					setText(text, text.toString() + ch);
					operations++;
				}
				// A correction now and then.
				if (random(4) === 0 && text.length > 3) {
					setText(text, text.toString().slice(0, -2));
					operations++;
				}
			} else if (type === 'checklist') {
				const data = checklist.readChecklist(sheet);
				const items = data.axes.flatMap((a) => a.items);
				for (let k = 0; k < 5; k++) {
					checklist.setStatus(sheet, items[random(items.length)]!.id, checklist.STATUSES[random(3)]!);
					operations++;
				}
			} else if (type === 'comparator') {
				const t = sheet.get('template') as ReturnType<typeof comparatorFromKit>;
				for (let k = 0; k < 10; k++) {
					comparator.setScore(
						sheet,
						`p${p}`,
						t.vehicles[random(t.vehicles.length)]!.id,
						t.criteria[random(t.criteria.length)]!.id,
						random(6)
					);
					operations++;
				}
			} else {
				const text = notes.bodyText(sheet);
				for (const ch of ` note ${p}`) {
					setText(text, text.toString() + ch);
					operations++;
				}
			}
		});
		// Everyone syncs with everyone at the end of the round (as the mesh and the relay do).
		const merged = Y.mergeUpdates(outbox.flat());
		outbox.forEach((box) => (box.length = 0));
		for (const d of docs) Y.applyUpdate(d, merged, 'peer');
	}
	const update = Y.encodeStateAsUpdate(docs[0]!);
	void listSheets(docs[0]!);
	return { update, operations, sheets: sheetIds.length };
}

/**
 * Reload of the full-day atelier from IndexedDB to an interactive page: the atelier's update is put in
 * the app's own database, then the atelier page is opened and timed until its list of sheets is shown.
 */
/** Puts the atelier in this context's IndexedDB, as a facilitator's laptop holds it. Returns its id. */
export async function seedAtelier(page: Page, origin: string, update: Uint8Array): Promise<string> {
	await page.goto(`${origin}/ateliers`);
	await page.getByTestId('no-atelier').waitFor();
	const id = roomFromCode(newRoomCode()).id;
	await page.evaluate(
		async ([atelierId, base64]) => {
			const bytes = Uint8Array.from(atob(base64 as string), (c) => c.charCodeAt(0));
			const db = await new Promise<IDBDatabase>((ok, ko) => {
				const request = indexedDB.open('atelier-capacities');
				request.onsuccess = () => ok(request.result);
				request.onerror = () => ko(request.error);
			});
			const tx = db.transaction(['ateliers', 'updates'], 'readwrite');
			tx.objectStore('ateliers').put({
				id: atelierId,
				title: 'Journée complète',
				date: '2026-12-03',
				territory: '',
				updatedAt: new Date().toISOString(),
				me: { participantId: 'bench', name: 'Bench', role: 'animateur' }
			});
			tx.objectStore('updates').add({ atelierId, update: bytes });
			await new Promise((ok, ko) => {
				tx.oncomplete = ok;
				tx.onerror = ko;
			});
			db.close();
		},
		[id, Buffer.from(update).toString('base64')]
	);
	return id;
}

export async function reloadFullDay(origin: string, update: Uint8Array, page: Page): Promise<{ cold: number; warm: number }> {
	const id = await seedAtelier(page, origin, update);
	// A device that holds an atelier has the app installed: its service worker (registered once the first
	// page is idle) answers the reloads, as it does in a room.
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	const timeOnce = async () => {
		await page.goto(`${origin}/ateliers/${id}`);
		await page.getByTestId('sheet-list').waitFor({ timeout: 30_000 });
		return page.evaluate(() => performance.now());
	};
	const cold = await timeOnce();
	const warm: number[] = [];
	for (let i = 0; i < 5; i++) warm.push(await timeOnce());
	warm.sort((x, y) => x - y);
	return { cold: Math.round(cold), warm: Math.round(warm[2] ?? NaN) };
}

export interface LoadClient {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	socket: HocuspocusProviderWebsocket;
	synced(): boolean;
	key: string;
}

/**
 * A relay client of the load benches, from `address`: it records every remote edit's delay into `samples`
 * and calls `onError` for a refusal or an unexpected close.
 */
export function relayLoadClient(
	port: number,
	room: Room,
	address: string,
	key: string,
	samples: number[],
	onError: () => void
): LoadClient {
	const doc = new Y.Doc();
	const socket = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${port}/relay`, WebSocketPolyfill: wsFrom(address) });
	let synced = false;
	const provider = new HocuspocusProvider({
		websocketProvider: socket,
		name: room.id,
		document: doc,
		token: room.token,
		onSynced: () => (synced = true),
		onAuthenticationFailed: onError,
		onClose: ({ event }) => {
			if (event.code !== 1000 && event.code !== 1005) onError();
		}
	});
	provider.attach();
	recordDelays(doc, samples);
	return { doc, provider, socket, synced: () => synced, key };
}

/** 200 clients in 20 rooms edit for `seconds` through the relay of a separate server process. */
export async function relayLoad(options: {
	clients: number;
	rooms: number;
	seconds: number;
}): Promise<{ latency: Latency; errors: number; rssMaxMb: number; edits: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-relay-load-'));
	const port = 18_791;
	const [node, ...args] = atelierServerCommand({ port, database: join(dir, 'relais.sqlite') });
	const child = spawn(node!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const exited = new Promise((r) => child.once('exit', r));
	// Whatever fails, the server must not outlive the bench (it would hold the port for the next run).
	try {
		await new Promise<void>((ready, fail) => {
			let out = '';
			child.stdout.on('data', (c: Buffer) => {
				out += c.toString();
				if (out.includes('Ctrl+C')) ready();
			});
			child.once('exit', () => fail(new Error(out)));
		});
		// npm start supervises a worker: the server's memory is the worker's, whose pid /healthz gives.
		const { pid } = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { pid: number };
		const rss = () => {
			const status = readFileSync(`/proc/${pid}/status`, 'utf8');
			return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
		};
		let rssMax = rss();
		const samples: number[] = [];
		let errors = 0;
		let edits = 0;
		const rooms = Array.from({ length: options.rooms }, () => roomFromCode(newRoomCode()));
		const clients = Array.from({ length: options.clients }, (_, i) => {
			const room = rooms[i % options.rooms]!;
			// 20 clients per source address, as 20 tablets would be (the relay allows 64 sockets per address).
			return relayLoadClient(port, room, `127.0.2.${1 + Math.floor(i / 20)}`, `c${i}`, samples, () => errors++);
		});
		const deadline = Date.now() + 30_000;
		while (clients.some((c) => !c.synced())) {
			if (Date.now() > deadline) throw new Error('relay clients did not sync');
			await new Promise((r) => setTimeout(r, 50));
		}
		// Each client edits about once a second, spread over the second.
		const end = Date.now() + options.seconds * 1_000;
		const timers = clients.map((client, i) =>
			setTimeout(
				function tick() {
					if (Date.now() >= end) return;
					client.doc.getMap<number>('log').set(client.key, performance.timeOrigin + performance.now());
					edits++;
					setTimeout(tick, 1_000);
				},
				(i * 1_000) / clients.length
			)
		);
		const sampler = setInterval(() => (rssMax = Math.max(rssMax, rss())), 1_000);
		await new Promise((r) => setTimeout(r, options.seconds * 1_000 + 2_000));
		clearInterval(sampler);
		timers.forEach(clearTimeout);
		for (const c of clients) {
			c.provider.destroy();
			c.socket.destroy();
		}
		return { latency: summarise(samples), errors, rssMaxMb: Math.round(rssMax), edits };
	} finally {
		child.kill('SIGTERM');
		await exited;
		rmSync(dir, { recursive: true, force: true });
	}
}
