// Signaling under load (`npm run bench`, or alone: `npx tsx scripts/bench-signaling.ts`): many y-webrtc
// signaling clients publish about once a second each in their room, through the atelier server or
// through y-webrtc's own bin/server.js, each in its own process and measured the same way: delivery
// latency (sender's clock to receiver's clock, both in this process), server CPU and resident memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { atelierServerCommand } from './atelier-server.ts';

export interface SignalingLoadOptions {
	clients: number;
	rooms: number;
	seconds: number;
	server: 'atelier' | 'stock';
}

export interface SignalingLoadResult {
	/** Delivery latency in ms, over every delivery to a client other than the sender. */
	p50: number;
	p99: number;
	/** Deliveries measured (to clients other than the sender) of the messages sent in the window. */
	deliveries: number;
	/** Publishes sent in the measured window. */
	sent: number;
	/** Connection failures and unexpected closes. */
	errors: number;
	/** Server CPU (user + system) over the measured window, in percent of one core. */
	cpuPercent: number;
	/** Resident memory of the process that serves (the atelier server's worker), sampled every second. */
	rssMaxMb: number;
	/** The same for the whole process tree (the atelier server's supervisor, worker and standby worker). */
	rssTreeMaxMb: number;
}

const PORTS = { atelier: 18_795, stock: 18_796 } as const;
/** The atelier server caps connections per source address: clients are spread over 127.0.0.2, .3, … */
const CLIENTS_PER_ADDRESS = 20;
const WARM_UP_MS = 3_000;
/** Length of one server's turn when several are measured together (see signalingLoads). */
const TURN_MS = 250;
const DRAIN_MS = 1_500;
const CONNECT_CONCURRENCY = 32;
const CONNECT_TIMEOUT_MS = 10_000;
/** /proc/PID/stat counts CPU time in clock ticks (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
}

/** Fields 3… of /proc/PID/stat (after the command name, which may hold spaces), or null if gone. */
function statFields(pid: number): string[] | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return null;
	}
}

/** utime + stime of `pid` (fields 14 and 15 of /proc/PID/stat), in clock ticks; NaN if it is gone. */
export function cpuTicks(pid: number): number {
	const fields = statFields(pid);
	return fields ? Number(fields[11]) + Number(fields[12]) : NaN;
}

/** `root` and all its descendants (from the parent pid, field 4 of /proc/PID/stat). */
export function processTree(root: number): number[] {
	const parents = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const ppid = Number(statFields(Number(entry))?.[1]);
		if (!parents.has(ppid)) parents.set(ppid, []);
		parents.get(ppid)!.push(Number(entry));
	}
	const tree = [root];
	for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
	return tree;
}

/**
 * CPU time of the whole machine spent in processes (user, nice, system: not the interrupts, where the
 * loopback traffic is partly accounted) and stolen by the hypervisor, from /proc/stat, in clock ticks.
 */
function machineTicks(): { busy: number; steal: number } {
	const [user = 0, nice = 0, system = 0, , , , , steal = 0] = readFileSync('/proc/stat', 'utf8')
		.split('\n')[0]!
		.trim()
		.split(/\s+/)
		.slice(1)
		.map(Number);
	return { busy: user + nice + system, steal };
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

interface Spawned {
	child: ChildProcess;
	/** The process that serves (the child itself, or its worker if the child is a supervisor). */
	pid: number;
	url: string;
}

function spawnServer(kind: 'atelier' | 'stock', port: number, dir: string): ChildProcess {
	const options = { stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };
	if (kind === 'atelier') {
		const [node, ...args] = atelierServerCommand({ port, database: join(dir, 'relais.sqlite') });
		return spawn(node!, args, options);
	}
	// y-webrtc's server reads PORT and listens on every interface (no host option).
	return spawn(process.execPath, [resolve('node_modules/y-webrtc/bin/server.js')], {
		...options,
		env: { ...process.env, PORT: String(port) }
	});
}

async function startServer(kind: 'atelier' | 'stock', port: number, dir: string): Promise<Spawned> {
	const child = spawnServer(kind, port, dir);
	let out = '';
	const keep = (c: Buffer) => (out = (out + c.toString()).slice(-4_000));
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<never>((_, fail) =>
		child.once('exit', (code) => fail(new Error(`${kind} server exited (${code}) before being ready:\n${out}`)))
	);
	exited.catch(() => {});
	const origin = `http://127.0.0.1:${port}`;
	// Ready once it answers HTTP (the atelier server prints Ctrl+C once listening; y-webrtc prints
	// its line before listening). The atelier server's /healthz may name the process that serves.
	const deadline = Date.now() + 60_000;
	let body: string;
	try {
		for (;;) {
			if (Date.now() > deadline) throw new Error(`${kind} server not ready after 60 s:\n${out}`);
			if (kind === 'stock' || out.includes('Ctrl+C')) {
				const response = await Promise.race([
					fetch(`${origin}${kind === 'atelier' ? '/healthz' : '/'}`, { signal: AbortSignal.timeout(2_000) }).catch(() => null),
					exited
				]);
				if (response?.ok) {
					body = await response.text();
					break;
				}
			}
			await Promise.race([sleep(100), exited]);
		}
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
	let pid = child.pid!;
	if (kind === 'atelier') {
		try {
			const health = JSON.parse(body) as { pid?: unknown };
			if (typeof health.pid === 'number' && alive(health.pid)) pid = health.pid;
		} catch {
			/* no pid: the child serves */
		}
	}
	return { child, pid, url: kind === 'atelier' ? `ws://127.0.0.1:${port}/signal` : `ws://127.0.0.1:${port}/` };
}

async function stopServer(server: Spawned): Promise<void> {
	const { child } = server;
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		if ((await Promise.race([exited.then(() => true), sleep(8_000).then(() => false)])) === false) {
			child.kill('SIGKILL');
			await Promise.race([exited, sleep(2_000)]);
		}
	}
	// A worker forked by a supervisor should have gone with it.
	if (server.pid !== child.pid) {
		const deadline = Date.now() + 5_000;
		while (alive(server.pid) && Date.now() < deadline) await sleep(100);
		if (alive(server.pid)) process.kill(server.pid, 'SIGKILL');
	}
}

/** Parses the unsigned decimal number (digits, optional fraction) at `at` in `buf`. */
function numberAt(buf: Buffer, at: number): number {
	let value = 0;
	let i = at;
	let c = buf[i];
	while (c !== undefined && c >= 48 && c <= 57) {
		value = value * 10 + (c - 48);
		c = buf[++i];
	}
	if (c === 46) {
		let scale = 0.1;
		c = buf[++i];
		while (c !== undefined && c >= 48 && c <= 57) {
			value += (c - 48) * scale;
			scale /= 10;
			c = buf[++i];
		}
	}
	return value;
}

const FROM_KEY = Buffer.from('"from":');
const T_KEY = Buffer.from('"t":');

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
	return Math.round(v * 10) / 10;
}

type ServerKind = SignalingLoadOptions['server'];

/** One server and its clients, publishing only during their own slices of the run. */
class Fleet {
	readonly kind: ServerKind;
	readonly #clients: number;
	readonly #rooms: number;
	readonly sockets: (WebSocket | undefined)[];
	server: Spawned | undefined;
	samples: Float64Array;
	count = 0;
	sent = 0;
	errors = 0;
	readonly errorNotes: string[] = [];
	rssMax = 0;
	rssTreeMax = 0;
	closing = false;
	recordStart = Infinity;
	recordEnd = Infinity;

	constructor(kind: ServerKind, clients: number, rooms: number, seconds: number) {
		this.kind = kind;
		this.#clients = clients;
		this.#rooms = rooms;
		this.sockets = new Array(clients);
		// Latency samples of the measured window, preallocated (about clients × room size × seconds).
		this.samples = new Float64Array(Math.max(1_024, Math.ceil(clients * (clients / rooms) * (seconds + 1))));
	}

	error(note: string): void {
		this.errors++;
		if (this.errorNotes.length < 5) this.errorNotes.push(note);
	}

	/** One received frame: parses only `from` and `t`, straight from the bytes. */
	onMessage(self: number, data: Buffer): void {
		const received = now();
		const at = data.indexOf(FROM_KEY);
		if (at < 0) return;
		if (numberAt(data, at + FROM_KEY.length) === self) return;
		const tAt = data.indexOf(T_KEY, at);
		if (tAt < 0) return;
		const t = numberAt(data, tAt + T_KEY.length);
		if (t < this.recordStart || t >= this.recordEnd) return;
		if (this.count === this.samples.length) {
			const grown = new Float64Array(this.samples.length * 2);
			grown.set(this.samples);
			this.samples = grown;
		}
		this.samples[this.count++] = received - t;
	}

	/** Connects every client, a few at a time, each subscribing to its room as soon as it is open. */
	async connect(): Promise<void> {
		const url = this.server!.url;
		const addresses = Math.ceil(this.#clients / CLIENTS_PER_ADDRESS);
		const one = (i: number) =>
			new Promise<void>((done) => {
				const socket = new WebSocket(url, {
					localAddress: `127.0.0.${2 + (i % addresses)}`,
					perMessageDeflate: false,
					skipUTF8Validation: true,
					handshakeTimeout: CONNECT_TIMEOUT_MS
				});
				this.sockets[i] = socket;
				let opened = false;
				socket.on('open', () => {
					opened = true;
					socket.send(JSON.stringify({ type: 'subscribe', topics: [`room-${i % this.#rooms}`] }));
					done();
				});
				socket.on('message', (data) => this.onMessage(i, data as Buffer));
				socket.on('error', (e) => {
					if (opened) return; // a close follows
					this.error(`client ${i}: ${e.message}`);
					done();
				});
				socket.on('close', (code) => {
					if (!opened) return done();
					if (!this.closing) this.error(`client ${i}: closed (${code})`);
				});
			});
		const deadline = Date.now() + 60_000;
		let next = 0;
		await Promise.all(
			Array.from({ length: CONNECT_CONCURRENCY }, async () => {
				while (next < this.#clients && Date.now() < deadline) await one(next++);
			})
		);
		if (next < this.#clients) throw new Error(`${this.kind}: only ${next} of ${this.#clients} clients connected within 60 s`);
	}

	sampleRss(): void {
		const server = this.server!;
		this.rssMax = Math.max(this.rssMax, rssMb(server.pid));
		const tree = processTree(server.child.pid!).reduce((sum, pid) => sum + rssMb(pid), 0);
		this.rssTreeMax = Math.max(this.rssTreeMax, tree);
	}

	result(cpuTicksUsed: number, seconds: number): SignalingLoadResult {
		if (this.errors > 0) console.warn(`  ${this.kind}: ${this.errors} errors, e.g. ${this.errorNotes.join('; ')}`);
		const sorted = this.samples.subarray(0, this.count).sort();
		return {
			p50: percentile(sorted, 50),
			p99: percentile(sorted, 99),
			deliveries: this.count,
			sent: this.sent,
			errors: this.errors,
			cpuPercent: Math.round((cpuTicksUsed / CLOCK_TICKS / seconds) * 1_000) / 10,
			rssMaxMb: Math.round(this.rssMax),
			rssTreeMaxMb: Math.round(this.rssTreeMax)
		};
	}
}

/**
 * Runs the load against each of `kinds` (each its own fresh server and its own clients), taking turns
 * second by second: in each second one server's clients publish, each once at its own random offset,
 * the others' are idle. Each server gets 3 s of warm-up then `seconds` measured, and every server
 * meets the same moments of a noisy machine (steal time, another process) in equal measure.
 */
export async function signalingLoads(
	kinds: ServerKind[],
	options: Omit<SignalingLoadOptions, 'server'>
): Promise<Partial<Record<ServerKind, SignalingLoadResult>>> {
	const { clients, rooms, seconds } = options;
	if (Math.ceil(clients / CLIENTS_PER_ADDRESS) > 250)
		throw new Error(`too many clients for 127.0.0.2–127.0.0.251 at ${CLIENTS_PER_ADDRESS} per address`);
	const dir = mkdtempSync(join(tmpdir(), 'atelier-signaling-load-'));
	const fleets = kinds.map((kind) => new Fleet(kind, clients, rooms, seconds));
	const timers: NodeJS.Timeout[] = [];
	let sampler: NodeJS.Timeout | undefined;
	try {
		for (const fleet of fleets) {
			fleet.server = await startServer(fleet.kind, PORTS[fleet.kind], dir);
			fleet.sampleRss();
		}
		sampler = setInterval(() => fleets.forEach((f) => f.sampleRss()), 1_000);
		for (const fleet of fleets) await fleet.connect();
		await sleep(200); // the last subscriptions reach the servers

		// The servers take turns of TURN_MS: each fleet's clock runs only during its own turns, and in
		// that clock each client publishes once a second at its own random offset, so a server under
		// test sees exactly the load (clients × 1 message/s) while it is its turn.
		const turns = fleets.length;
		const start = now() + 100;
		const real = (f: number, virtual: number) => start + (Math.floor(virtual / TURN_MS) * turns + f) * TURN_MS + (virtual % TURN_MS);
		fleets.forEach((fleet, f) => {
			fleet.recordStart = real(f, WARM_UP_MS);
			fleet.recordEnd = real(f, WARM_UP_MS + seconds * 1_000);
			for (let i = 0; i < clients; i++) {
				const socket = fleet.sockets[i]!;
				const prefix = `{"type":"publish","topic":"room-${i % rooms}","data":{"from":${i},"t":`;
				// ~200 characters, like an encrypted y-webrtc signal.
				const suffix = `,"pad":"${randomBytes(150).toString('base64')}"}}`;
				let virtual = Math.random() * 1_000;
				const tick = () => {
					if (virtual >= WARM_UP_MS + seconds * 1_000) return;
					if (socket.readyState === WebSocket.OPEN) {
						const t = now();
						socket.send(prefix + t + suffix);
						if (t >= fleet.recordStart && t < fleet.recordEnd) fleet.sent++;
					}
					virtual += 1_000;
					timers[f * clients + i] = setTimeout(tick, Math.max(0, real(f, virtual) - now()));
				};
				timers[f * clients + i] = setTimeout(tick, Math.max(0, real(f, virtual) - now()));
			}
		});
		const recordStart = Math.min(...fleets.map((f) => f.recordStart));
		const recordEnd = Math.max(...fleets.map((f) => f.recordEnd));
		await sleep(recordStart - now());
		const cpuStart = fleets.map((f) => cpuTicks(f.server!.pid));
		const machineStart = machineTicks();
		const ownStart = process.cpuUsage();
		const windowStart = now();
		await sleep(recordEnd - now());
		const cpuEnd = fleets.map((f) => cpuTicks(f.server!.pid));
		const machineEnd = machineTicks();
		const own = process.cpuUsage(ownStart);
		const windowSeconds = (now() - windowStart) / 1_000;
		// The figures mean little if something else kept the machine busy meanwhile: say so.
		const serversTicks = cpuEnd.reduce((sum, end, k) => sum + (end - cpuStart[k]!), 0);
		const elsewhere = (machineEnd.busy - machineStart.busy - serversTicks) / CLOCK_TICKS - (own.user + own.system) / 1e6;
		const elsewherePercent = Math.round((elsewhere / windowSeconds) * 100);
		const stealPercent = Math.round(((machineEnd.steal - machineStart.steal) / CLOCK_TICKS / windowSeconds) * 100);
		if (elsewherePercent > 25 || stealPercent > 25) {
			console.warn(
				`  signaling load: other processes used ${elsewherePercent} % of a core and the hypervisor stole ${stealPercent} % during the measure; its latencies are unreliable`
			);
		}
		await sleep(DRAIN_MS);
		for (const f of fleets) f.sampleRss();
		// CPU over the measured window, per second of the server's own turns (its idle turns cost ~0).
		return Object.fromEntries(fleets.map((f, k) => [f.kind, f.result(cpuEnd[k]! - cpuStart[k]!, seconds)]));
	} finally {
		timers.forEach(clearTimeout);
		clearInterval(sampler);
		for (const fleet of fleets) {
			fleet.closing = true;
			for (const socket of fleet.sockets) socket?.terminate();
		}
		for (const fleet of fleets) if (fleet.server) await stopServer(fleet.server);
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * `clients` signaling clients in `rooms` rooms, each publishing about once a second for 3 s of warm-up
 * plus `seconds` measured, against a fresh atelier server or a fresh y-webrtc bin/server.js.
 */
export async function signalingLoad(options: SignalingLoadOptions): Promise<SignalingLoadResult> {
	const results = await signalingLoads([options.server], options);
	return results[options.server]!;
}

// `npx tsx scripts/bench-signaling.ts`: both servers, taking turns every 250 ms, printed as JSON.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const load = { clients: 1_000, rooms: 50, seconds: 30 };
	const { atelier, stock } = await signalingLoads(['atelier', 'stock'], load);
	console.log(JSON.stringify({ ...load, atelier, stock }, null, 2));
}
