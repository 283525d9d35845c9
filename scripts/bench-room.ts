// A room of 30 tablets (issue 18), for `npm run bench`: a few real Chromium devices and Node devices
// running the app's own sync code (scripts/bench-room-device.ts, @roamhq/wrtc), all in the
// loopback-only network namespace with the laptop's server. Every device edits every 2 s; each edit's
// delay to every other device is measured, with each device's CPU, the server's, and the WebRTC
// connections, for one topology at a time (the full mesh, the relay alone, the app's default…).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { newRoomCode } from '../src/lib/shared/room.ts';
import { createNetns, deviceIn, startServer, type Device, type Netns } from '../tests/browser/netns.ts';
import { BENCH_DIR, buildHarness, summarise, type Latency } from './bench-peers.ts';
import { cpuTicks, processTree } from './bench-signaling.ts';

export interface Topology {
	name: string;
	webrtc: boolean;
	relay: boolean;
	/** y-webrtc's maxConns; undefined is the app's default (MAX_WEBRTC_PEERS). */
	maxWebrtcPeers?: number;
}

export interface RoomResult {
	topology: string;
	devices: number;
	latency: Latency;
	/** Share of the expected (edit, receiver) pairs seen (Yjs may merge two edits of one device arriving together). */
	delivered: number;
	/** CPU of one device, in % of one core: the median and the busiest. */
	deviceCpu: { median: number; max: number; browserMax: number };
	serverCpu: number;
	/** Open WebRTC data channels per device (mean), and in the room (each counted once). */
	webrtcPerDevice: number;
	webrtcInRoom: number;
	/** Seconds from the first device's arrival until every device could reach every other (through any path). */
	setupSeconds: number;
	/**
	 * Node devices that stopped answering: @roamhq/wrtc sometimes hangs in native code when connections close
	 * (the process then uses no CPU, so no JavaScript is looping). They are left out of `delivered`.
	 */
	hung: number;
}

const TICK_HZ = 100;
const EDIT_INTERVAL_MS = 2_000;
const JOIN_INTERVAL_MS = 300;

export interface BenchDevice {
	kind: 'node' | 'browser';
	start(code: string, origin: string, topology: Topology): Promise<void>;
	edit(): Promise<void>;
	status(): Promise<{ webrtcPeers: number; relay: string; state?: string }>;
	delays(): Promise<number[]>;
	pids(): number[];
	stop(): Promise<void>;
}

export function nodeDevice(ns: Netns, index: number): Promise<BenchDevice> {
	const [command, ...prefix] = ns.prefix;
	// `ip netns exec` execs Node: the IPC channel's descriptor goes through.
	const child: ChildProcess = fork(resolve('scripts/bench-room-device.ts'), [], {
		execPath: command,
		execArgv: [...prefix, process.execPath, '--import', 'tsx'],
		stdio: ['ignore', 'ignore', 'inherit', 'ipc']
	});
	const waiting = new Map<string, (message: Record<string, unknown>) => void>();
	// A device that died fails its next question; the channel error itself must not end the bench.
	child.on('error', () => undefined);
	child.on('message', (message: Record<string, unknown>) => {
		const type = String(message.type);
		waiting.get(type)?.(message);
		waiting.delete(type);
	});
	const ask = (type: string, answer: string) =>
		new Promise<Record<string, unknown>>((done, fail) => {
			const timer = setTimeout(() => fail(new Error(`device ${index}: no ${answer}`)), answer === 'report' ? 30_000 : 10_000);
			waiting.set(answer, (message) => {
				clearTimeout(timer);
				done(message);
			});
			if (!child.connected) return fail(new Error(`device ${index} died`));
			child.send({ type }, () => undefined);
		});
	return new Promise((ready, fail) => {
		const timer = setTimeout(() => fail(new Error(`device ${index} did not load`)), 60_000);
		waiting.set('loaded', () => {
			clearTimeout(timer);
			ready({
				kind: 'node',
				async start(code, origin, topology) {
					child.send({ type: 'start', index, code, origin, ...topology }, () => undefined);
				},
				async edit() {
					if (child.connected) child.send({ type: 'edit' }, () => undefined);
				},
				status: async () => (await ask('status', 'status')) as unknown as { webrtcPeers: number; relay: string },
				delays: async () => (await ask('report', 'report')).delays as number[],
				pids: () => (child.pid ? processTree(child.pid) : []),
				async stop() {
					if (child.connected) child.send({ type: 'stop' }, () => undefined);
					await new Promise((r) => setTimeout(r, 300));
					child.kill('SIGKILL');
				}
			});
		});
	});
}

type HarnessWindow = {
	bench: {
		startRoom(code: string, origin: string, key: string, webrtc: boolean, relay: boolean, max?: number): void;
		editRoom(): void;
		roomDelays(): number[];
		status(): { webrtcPeers: number; relay: string; state: string } | null;
		stop(): void;
	};
};

/** Main Chromium processes (they carry --user-data-dir; renderers and helpers are their descendants). */
function chromiumMains(): Set<number> {
	const pids = new Set<number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmdline.includes('--user-data-dir=') && !cmdline.includes('--type=')) pids.add(Number(entry));
		} catch {
			// gone
		}
	}
	return pids;
}

async function browserDevice(ns: Netns, index: number, origin: string): Promise<BenchDevice> {
	const before = chromiumMains();
	const device: Device = await deviceIn(ns);
	const main = [...chromiumMains()].find((pid) => !before.has(pid));
	const page: Page = await device.context.newPage();
	await page.goto(`${origin}/__bench/seams/index.html`);
	await page.waitForFunction(() => 'bench' in window);
	return {
		kind: 'browser',
		async start(code, o, topology) {
			await page.evaluate(
				([c, org, key, w, r, max]) =>
					(window as unknown as HarnessWindow).bench.startRoom(
						c as string,
						org as string,
						key as string,
						w as boolean,
						r as boolean,
						max as number | undefined
					),
				[code, o, `b${index}`, topology.webrtc, topology.relay, topology.maxWebrtcPeers] as const
			);
		},
		edit: () => page.evaluate(() => (window as unknown as HarnessWindow).bench.editRoom()),
		async status() {
			const status = await page.evaluate(() => (window as unknown as HarnessWindow).bench.status());
			return status ?? { webrtcPeers: 0, relay: 'deconnecte' };
		},
		delays: () => page.evaluate(() => (window as unknown as HarnessWindow).bench.roomDelays()),
		pids: () => (main ? processTree(main) : []),
		async stop() {
			await page.evaluate(() => (window as unknown as HarnessWindow).bench.stop()).catch(() => undefined);
			await device.close();
		}
	};
}

function ticks(pids: number[]): number {
	return pids.reduce((sum, pid) => sum + (cpuTicks(pid) || 0), 0);
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function runTopology(
	devices: BenchDevice[],
	origin: string,
	/** The server's supervisor: it, its worker and the standby are counted. */
	serverPid: number,
	topology: Topology,
	seconds: number
): Promise<RoomResult> {
	const code = newRoomCode();
	const started = Date.now();
	// Tablets join one after another, as people scan the QR code, not all in the same millisecond.
	for (const device of devices) {
		await device.start(code, origin, topology);
		await new Promise((r) => setTimeout(r, JOIN_INTERVAL_MS));
	}
	// Connected: every device reaches the room (the relay in step, or WebRTC peers), and the mesh settled.
	const others = devices.length - 1;
	let statuses: { webrtcPeers: number; relay: string }[];
	const settle = Date.now() + 90_000;
	let stableSince = 0;
	let lastLinks = -1;
	for (;;) {
		statuses = await Promise.all(devices.map((d) => d.status().catch(() => ({ webrtcPeers: 0, relay: 'sans réponse' }))));
		const links = statuses.reduce((sum, s) => sum + s.webrtcPeers, 0);
		// A Node device whose @roamhq/wrtc hung (see `hung` below) does not hold up the others.
		const reached = statuses.every(
			(s) => s.relay === 'sans réponse' || (topology.relay && s.relay === 'connecte') || s.webrtcPeers >= others
		);
		if (links !== lastLinks) {
			lastLinks = links;
			stableSince = Date.now();
		}
		// WebRTC connections keep opening for a while after everyone is reachable: wait until they stop.
		if (reached && (!topology.webrtc || Date.now() - stableSince > 5_000)) break;
		if (Date.now() > settle) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	const setupSeconds = (Date.now() - started) / 1000;
	if (process.env.BENCH_ROOM_DEBUG) console.log(JSON.stringify(statuses));
	// A few edits warm every path up; their delays are dropped.
	for (const device of devices) await device.edit();
	await new Promise((r) => setTimeout(r, 2_000));
	await Promise.all(devices.map((d) => d.delays().catch(() => [])));

	const pids = devices.map((d) => d.pids());
	const before = pids.map(ticks);
	const serverPids = processTree(serverPid);
	const serverBefore = ticks(serverPids);
	const t0 = performance.now();
	const end = Date.now() + seconds * 1_000;
	const edits = devices.map(() => 0);
	// Each device edits every 2 s, the devices spread over those 2 s.
	await new Promise<void>((done) => {
		let pending = devices.length;
		devices.forEach((device, i) => {
			const tick = () => {
				if (Date.now() >= end) {
					if (--pending === 0) done();
					return;
				}
				edits[i]!++;
				void device.edit().catch(() => undefined);
				setTimeout(tick, EDIT_INTERVAL_MS);
			};
			setTimeout(tick, (i * EDIT_INTERVAL_MS) / devices.length);
		});
	});
	await new Promise((r) => setTimeout(r, 2_000));
	const wall = (performance.now() - t0) / 1000;
	const cpu = pids.map((p, i) => ((ticks(p) - before[i]!) / TICK_HZ / wall) * 100);
	const serverCpu = ((ticks(serverPids) - serverBefore) / TICK_HZ / wall) * 100;
	statuses = await Promise.all(devices.map((d) => d.status().catch(() => ({ webrtcPeers: 0, relay: 'sans réponse' }))));
	// A device that does not answer is left out: neither its edits nor its receptions are expected.
	const reports = await Promise.all(devices.map((d) => d.delays().catch(() => null)));
	const answering = reports.flatMap((report, i) => (report ? [i] : []));
	const hung = devices.length - answering.length;
	const samples = reports.flatMap((report) => report ?? []);
	const expected = answering.reduce((sum, i) => sum + edits[i]! * (answering.length - 1), 0);
	const links = statuses.reduce((sum, s) => sum + s.webrtcPeers, 0);
	const browserCpu = cpu.filter((_, i) => devices[i]!.kind === 'browser');
	return {
		topology: topology.name,
		devices: devices.length,
		latency: summarise(samples),
		delivered: Math.round((Math.min(samples.length, expected) / expected) * 1000) / 1000,
		deviceCpu: {
			median: Math.round(median(cpu)),
			max: Math.round(Math.max(...cpu)),
			browserMax: Math.round(Math.max(0, ...browserCpu))
		},
		serverCpu: Math.round(serverCpu),
		webrtcPerDevice: Math.round((links / devices.length) * 10) / 10,
		webrtcInRoom: Math.round(links / 2),
		setupSeconds: Math.round(setupSeconds),
		hung
	};
}

/**
 * `browsers` Chromium devices and `total - browsers` Node devices, one room per topology (the devices
 * stay; each topology starts a fresh room on fresh sync objects).
 */
export async function roomBench(options: {
	total: number;
	browsers: number;
	seconds: number;
	topologies: Topology[];
}): Promise<RoomResult[]> {
	await buildHarness();
	const ns = createNetns(`atelier-room-${process.pid}`);
	const dir = mkdtempSync(join(tmpdir(), 'atelier-room-'));
	const port = 18_793;
	const origin = `http://127.0.0.1:${port}`;
	const server = await startServer(ns, port, join(dir, 'relais.sqlite'));
	const results: RoomResult[] = [];
	try {
		for (const topology of options.topologies) {
			const devices: BenchDevice[] = [];
			try {
				for (let i = 0; i < options.browsers; i++) devices.push(await browserDevice(ns, i, origin));
				const nodes = await Promise.all(Array.from({ length: options.total - options.browsers }, (_, i) => nodeDevice(ns, i)));
				devices.push(...nodes);
				const result = await runTopology(devices, origin, server.process.pid ?? 0, topology, options.seconds);
				console.log(`  ${topology.name}: ${JSON.stringify(result)}`);
				results.push(result);
			} finally {
				await Promise.all(devices.map((d) => d.stop().catch(() => undefined)));
			}
		}
		return results;
	} finally {
		await server.kill('SIGTERM');
		ns.remove();
		rmSync(dir, { recursive: true, force: true });
		rmSync(BENCH_DIR, { recursive: true, force: true });
	}
}

// `npx tsx scripts/bench-room.ts [total] [browsers] [seconds]`: the room bench alone.
if (process.argv[1] && resolve(process.argv[1]) === resolve('scripts/bench-room.ts')) {
	const [total = '30', browsers = '3', seconds = '30', only] = process.argv.slice(2);
	const all: Topology[] = [
		{ name: 'mesh', webrtc: true, relay: false, maxWebrtcPeers: 40 },
		{ name: 'relay', webrtc: false, relay: true },
		{ name: 'default', webrtc: true, relay: true }
	];
	const results = await roomBench({
		total: Number(total),
		browsers: Number(browsers),
		seconds: Number(seconds),
		topologies: only ? all.filter((t) => only.split(',').includes(t.name)) : all
	});
	console.log(JSON.stringify(results, null, 2));
}
