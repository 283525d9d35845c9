// A territory's hosted service under load (issue 18), for `npm run bench`: 2,000 relay clients in 200
// rooms of 10 on one instance (rooms in PostgreSQL), then on two instances sharing the rooms through
// Redis, each room's clients split between the two (a load balancer without sticky sessions: the
// worst case for Redis). Real Redis and PostgreSQL (src/server/services.test-helper.ts), real `npm
// start` instances; the clients run in this process.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newRoomCode, roomFromCode } from '../src/lib/shared/room.ts';
import { fakeBuildRoot, startSupervised, type Supervised } from '../src/server/hostile.test-helper.ts';
import { startPostgres, startRedis } from '../src/server/services.test-helper.ts';
import { relayLoadClient, summarise, type Latency } from './bench-peers.ts';
import { cpuTicks, processTree } from './bench-signaling.ts';

export interface HostedLoadResult {
	instances: number;
	clients: number;
	rooms: number;
	latency: Latency;
	errors: number;
	edits: number;
	/** Per instance: the serving worker's peak RSS (MiB) and its CPU over the edits (% of one core). */
	perInstance: { rssMaxMb: number; cpu: number }[];
	/** This process, which runs every client. */
	clientsCpu: number;
}

const TICK_HZ = 100;

function rssMb(pid: number): number {
	try {
		return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
}

async function load(
	instances: Supervised[],
	options: { clients: number; rooms: number; seconds: number; editEveryMs: number }
): Promise<Omit<HostedLoadResult, 'instances' | 'clients' | 'rooms'>> {
	const workers = await Promise.all(instances.map(async (server) => (await server.health()).pid));
	const rssMax = workers.map(rssMb);
	const samples: number[] = [];
	let errors = 0;
	let edits = 0;
	const rooms = Array.from({ length: options.rooms }, () => roomFromCode(newRoomCode()));
	const clients = Array.from({ length: options.clients }, (_, i) => {
		const room = rooms[i % options.rooms]!;
		const server = instances[Math.floor(i / options.rooms) % instances.length]!;
		// 20 clients per source address, as 20 tablets would be (64 sockets per address are allowed).
		const address = `127.0.${2 + Math.floor(i / 5_000)}.${1 + (Math.floor(i / 20) % 250)}`;
		return relayLoadClient(server.port, room, address, `c${i}`, samples, () => errors++);
	});
	try {
		const deadline = Date.now() + 120_000;
		while (clients.some((c) => !c.synced())) {
			if (Date.now() > deadline) throw new Error(`${clients.filter((c) => !c.synced()).length} relay clients did not sync`);
			await new Promise((r) => setTimeout(r, 100));
		}
		await new Promise((r) => setTimeout(r, 2_000));
		samples.length = 0;
		const trees = instances.map((server) => processTree(server.process.pid ?? 0));
		const before = trees.map((tree) => tree.reduce((sum, pid) => sum + (cpuTicks(pid) || 0), 0));
		const selfBefore = process.cpuUsage();
		const t0 = performance.now();
		const end = Date.now() + options.seconds * 1_000;
		const timers = clients.map((client, i) =>
			setTimeout(
				function tick() {
					if (Date.now() >= end) return;
					client.doc.getMap<number>('log').set(client.key, performance.timeOrigin + performance.now());
					edits++;
					setTimeout(tick, options.editEveryMs);
				},
				(i * options.editEveryMs) / clients.length
			)
		);
		const sampler = setInterval(() => workers.forEach((pid, i) => (rssMax[i] = Math.max(rssMax[i]!, rssMb(pid)))), 1_000);
		await new Promise((r) => setTimeout(r, options.seconds * 1_000 + 2_000));
		clearInterval(sampler);
		timers.forEach(clearTimeout);
		const wall = (performance.now() - t0) / 1000;
		const cpu = trees.map((tree, i) => {
			const after = tree.reduce((sum, pid) => sum + (cpuTicks(pid) || 0), 0);
			return Math.round(((after - before[i]!) / TICK_HZ / wall) * 100);
		});
		const self = process.cpuUsage(selfBefore);
		return {
			latency: summarise(samples),
			errors,
			edits,
			perInstance: cpu.map((c, i) => ({ rssMaxMb: Math.round(rssMax[i]!), cpu: c })),
			clientsCpu: Math.round(((self.user + self.system) / 1e6 / wall) * 100)
		};
	} finally {
		for (const c of clients) {
			c.provider.destroy();
			c.socket.destroy();
		}
	}
}

/** The same load on one instance (PostgreSQL) and on two (PostgreSQL and Redis). */
export async function hostedLoads(options: {
	clients: number;
	rooms: number;
	seconds: number;
	editEveryMs: number;
}): Promise<HostedLoadResult[]> {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-hosted-bench-'));
	const root = fakeBuildRoot(dir);
	const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
	const limits = { maxConnections: 2 * options.clients, relayLimits: { diskQuotaBytes: 8 * 1024 ** 3 } };
	const results: HostedLoadResult[] = [];
	try {
		for (const count of [1, 2]) {
			const env: Record<string, string> = { ATELIER_DATABASE_URL: postgres.url };
			if (count > 1) env.ATELIER_REDIS_URL = redis.url;
			const instances = await Promise.all(
				Array.from({ length: count }, () => startSupervised(join(dir, 'inutilise.sqlite'), root, limits, { env }))
			);
			try {
				const result = await load(instances, options);
				results.push({ instances: count, clients: options.clients, rooms: options.rooms, ...result });
				console.log(`  ${count} instance(s): ${JSON.stringify(results.at(-1))}`);
			} finally {
				await Promise.all(instances.map((server) => server.stop()));
			}
		}
		return results;
	} finally {
		await Promise.allSettled([redis.remove(), postgres.remove()]);
		rmSync(dir, { recursive: true, force: true });
	}
}

// `npx tsx scripts/bench-hosted.ts [clients] [rooms] [seconds]`: this bench alone.
if (process.argv[1]?.endsWith('bench-hosted.ts')) {
	const [clients = '2000', rooms = '200', seconds = '30'] = process.argv.slice(2);
	console.log(
		JSON.stringify(
			await hostedLoads({ clients: Number(clients), rooms: Number(rooms), seconds: Number(seconds), editEveryMs: 5_000 }),
			null,
			2
		)
	);
}
