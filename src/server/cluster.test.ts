// A territory's hosted service: two real `npm start` instances sharing rooms through a real Redis and
// a real PostgreSQL (services.test-helper.ts). Devices on each instance converge through the relay
// and through signaling; an instance killed outright loses nothing its devices were told was saved,
// and they carry on through the other one behind a load balancer (a small TCP proxy here); a restart
// of everything brings every room back from PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import RedisClient from 'ioredis';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { newRoomCode, roomFromCode, type Room } from '../lib/shared/room.ts';
import {
	fakeBuildRoot,
	freePort,
	legitimatePairWorks,
	openSocket,
	relayClient,
	startSupervised,
	synced,
	until,
	type RelayClient,
	type Supervised
} from './hostile.test-helper.ts';
import { startPostgres, startRedis, type Service } from './services.test-helper.ts';
import { CLUSTER_PREFIX } from './cluster.ts';

let dir: string;
let root: string;
let redis: Service;
let postgres: Service;
const instances: Supervised[] = [];
let one: Supervised;
let two: Supervised;

function hostedEnv(): Record<string, string> {
	return { ATELIER_REDIS_URL: redis.url, ATELIER_DATABASE_URL: postgres.url };
}

async function instance(port?: number): Promise<Supervised> {
	// --data is ignored in hosted mode: a path nobody may write to shows it is never used.
	const server = await startSupervised(join(dir, 'jamais-utilise', 'relais.sqlite'), root, undefined, { env: hostedEnv(), port });
	instances.push(server);
	return server;
}

/** Two devices in `room`, one on each instance, synced. */
async function pairAcross(room: Room): Promise<[RelayClient, RelayClient]> {
	const a = relayClient(one.port, room, '127.0.0.2');
	const b = relayClient(two.port, room, '127.0.0.3');
	await synced(a, 'device on instance 1', one.health);
	await synced(b, 'device on instance 2', two.health);
	return [a, b];
}

/** The load balancer in front of the instances: each connection goes to the first instance that accepts it. */
function balancer(ports: () => number[]): Promise<{ port: number; server: Server; close(): Promise<void> }> {
	const sockets = new Set<Socket>();
	const server = createServer((client) => {
		sockets.add(client);
		client.once('close', () => sockets.delete(client));
		client.pause();
		const tryBackend = (index: number) => {
			const port = ports()[index];
			if (port === undefined) return client.destroy();
			const backend = connect(port, '127.0.0.1');
			backend.once('error', () => tryBackend(index + 1));
			backend.once('connect', () => {
				backend.removeAllListeners('error');
				sockets.add(backend);
				backend.once('close', () => sockets.delete(backend));
				client.pipe(backend).pipe(client);
				client.resume();
				const end = () => {
					client.destroy();
					backend.destroy();
				};
				backend.once('error', end);
				backend.once('close', end);
				client.once('error', end);
				client.once('close', end);
			});
		};
		tryBackend(0);
	});
	return new Promise((ready) =>
		server.listen(0, '127.0.0.1', () =>
			ready({
				port: (server.address() as { port: number }).port,
				server,
				close: () =>
					new Promise<void>((done) => {
						for (const socket of sockets) socket.destroy();
						server.close(() => done());
					})
			})
		)
	);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atelier-cluster-'));
	root = fakeBuildRoot(dir);
	[redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
}, 60_000);

afterAll(async () => {
	await Promise.allSettled(instances.map((server) => server.kill()));
	await Promise.allSettled([redis?.remove(), postgres?.remove()]);
	rmSync(dir, { recursive: true, force: true });
});

describe('a hosted service of two instances', { timeout: 90_000 }, () => {
	it('starts two instances on one Redis and one PostgreSQL, and says so', async () => {
		[one, two] = await Promise.all([instance(), instance()]);
		expect(one.output()).toContain('Les ateliers relayés sont gardés dans PostgreSQL 127.0.0.1');
		expect(one.output()).toContain('partagées avec les autres instances par Redis');
		const health = await one.health();
		expect(health.cluster?.redis).toBe('ok');
		expect(health.cluster?.instance).not.toBe((await two.health()).cluster?.instance);
	});

	it('syncs devices on different instances through the relay, both ways, presence included', async () => {
		const [a, b] = await pairAcross(roomFromCode(newRoomCode()));
		try {
			a.doc.getText('t').insert(0, 'Bonjour de la salle A');
			await until(() => b.doc.getText('t').toString() === 'Bonjour de la salle A', 10_000, 'edit 1 → 2');
			b.doc.getMap('m').set('réponse', 'oui');
			await until(() => a.doc.getMap('m').get('réponse') === 'oui', 10_000, 'edit 2 → 1');
			// Presence: each device sees the other's awareness state.
			a.provider.setAwarenessField('user', { name: 'Alice' });
			await until(
				() => [...(b.provider.awareness?.getStates().values() ?? [])].some((s) => (s.user as { name?: string })?.name === 'Alice'),
				10_000,
				'awareness 1 → 2'
			);
		} finally {
			a.destroy();
			b.destroy();
		}
	});

	it('carries signaling between devices on different instances, and only within a topic', async () => {
		const room = roomFromCode(newRoomCode());
		const x = await openSocket(`ws://127.0.0.1:${one.port}/signal`, '127.0.0.2');
		const y = await openSocket(`ws://127.0.0.1:${two.port}/signal`, '127.0.0.3');
		const z = await openSocket(`ws://127.0.0.1:${two.port}/signal`, '127.0.0.4');
		try {
			const heardByZ: string[] = [];
			z.on('message', (data) => heardByZ.push(data.toString()));
			x.send(JSON.stringify({ type: 'subscribe', topics: [room.id] }));
			y.send(JSON.stringify({ type: 'subscribe', topics: [room.id] }));
			z.send(JSON.stringify({ type: 'subscribe', topics: ['une-autre-salle'] }));
			// Published until the other instance has subscribed its channel (a device's announce repeats too).
			const received = new Promise<string>((done) => y.on('message', (data) => done(data.toString())));
			const offer = JSON.stringify({ type: 'publish', topic: room.id, data: { offre: 'chiffrée' } });
			const timer = setInterval(() => x.send(offer), 100);
			const text = await Promise.race([
				received,
				new Promise<string>((_, fail) => setTimeout(() => fail(new Error('no publish')), 10_000))
			]);
			clearInterval(timer);
			expect(JSON.parse(text)).toEqual({ type: 'publish', topic: room.id, data: { offre: 'chiffrée' } });
			expect(heardByZ).toEqual([]);
		} finally {
			for (const ws of [x, y, z]) ws.terminate();
		}
	});

	it('ignores malformed frames written straight into Redis, and keeps serving', async () => {
		const room = roomFromCode(newRoomCode());
		const y = await openSocket(`ws://127.0.0.1:${two.port}/signal`, '127.0.0.3');
		const heard: string[] = [];
		y.on('message', (data) => heard.push(data.toString()));
		y.send(JSON.stringify({ type: 'subscribe', topics: [room.id] }));
		const intruder = new RedisClient(redis.url);
		try {
			await until(async () => (await intruder.pubsub('NUMSUB', `${CLUSTER_PREFIX}:signal:${room.id}`))[1] === 1, 10_000, 'subscription');
			const channel = `${CLUSTER_PREFIX}:signal:${room.id}`;
			for (const junk of [
				Buffer.alloc(0),
				Buffer.from([0]),
				Buffer.from([200, 1, 2]),
				Buffer.from('\u0003abc<script>'),
				Buffer.alloc(300_000, 1)
			])
				await intruder.publish(channel, junk);
			await new Promise((r) => setTimeout(r, 300));
			expect(heard).toEqual([]);
			const health = await two.health();
			expect(health.cluster?.droppedFrames).toBeGreaterThanOrEqual(5);
			await legitimatePairWorks(two, '127.0.0.5');
			await legitimatePairWorks(one, '127.0.0.5');
		} finally {
			y.terminate();
		}
		// Hocuspocus's channel of a loaded room: frames that decode to nothing, a wrong room, a huge length.
		const [a, b] = await pairAcross(room);
		try {
			const channel = `${CLUSTER_PREFIX}:${room.id}`;
			for (const junk of [
				Buffer.from([1]),
				Buffer.from([3, 105, 110, 116, 255, 255, 255, 255, 255, 15]),
				Buffer.concat([Buffer.from([3, 105, 110, 116, 26]), Buffer.from(roomFromCode(newRoomCode()).id), Buffer.from([0, 2, 200])]),
				Buffer.concat([Buffer.from([3, 105, 110, 116, 26]), Buffer.from(room.id), Buffer.from([0, 2, 5, 1, 2, 3, 4, 5])])
			])
				await intruder.publish(channel, junk);
			await new Promise((r) => setTimeout(r, 300));
			a.doc.getText('t').insert(0, 'toujours en phase');
			await until(() => b.doc.getText('t').toString() === 'toujours en phase', 10_000, 'edit after junk');
			expect((await one.health()).status).toBe('ok');
			expect((await two.health()).status).toBe('ok');
		} finally {
			a.destroy();
			b.destroy();
			intruder.disconnect();
		}
	});

	it('loses nothing acknowledged when an instance dies, and its devices go on through the other', async () => {
		const lb = await balancer(() => [one.port, two.port]);
		const typed = roomFromCode(newRoomCode());
		const shared = roomFromCode(newRoomCode());
		// Straight to instance 1, so that after its loss this device cannot bring its edits anywhere else.
		const writer = relayClient(one.port, typed, '127.0.0.2');
		const stayer = relayClient(lb.port, shared, '127.0.0.3');
		try {
			await synced(writer, 'device on instance 1', one.health);
			await synced(stayer, 'device through the balancer', one.health);
			expect((await one.health()).relay.connections).toBe(2);
			// 40 edits, acknowledged by the relay (so journaled in PostgreSQL)…
			for (let i = 0; i < 40; i++) writer.doc.getArray<number>('a').push([i]);
			await until(() => writer.provider.unsyncedChanges === 0, 10_000, 'acknowledgements');
			// …then instance 1 is lost at once (long before its debounced compaction), and the device with it.
			await one.kill();
			writer.destroy();
			// Nobody else held that room: what instance 2 serves now comes from PostgreSQL alone.
			const reader = relayClient(two.port, typed, '127.0.0.4');
			try {
				await synced(reader, 'a device joining instance 2 afterwards', two.health);
				await until(() => reader.doc.getArray('a').length === 40, 10_000, 'the 40 acknowledged edits');
				expect(reader.doc.getArray('a').toArray()).toEqual(Array.from({ length: 40 }, (_, i) => i));
			} finally {
				reader.destroy();
			}
			// The device behind the balancer reconnects, to instance 2, and goes on.
			await until(async () => (await two.health()).relay.connections >= 1, 20_000, 'failover');
			stayer.doc.getText('après').insert(0, 'toujours là');
			const other = relayClient(two.port, shared, '127.0.0.5');
			try {
				await synced(other, 'a second device on instance 2', two.health);
				await until(() => other.doc.getText('après').toString() === 'toujours là', 10_000, 'edit after failover');
			} finally {
				other.destroy();
			}
		} finally {
			writer.destroy();
			stayer.destroy();
			await lb.close();
		}
		// The lost instance comes back on its port and serves the same rooms.
		one = await instance(one.port);
	});

	it('reloads every room from PostgreSQL after everything restarts (instances and Redis)', async () => {
		const rooms = Array.from({ length: 5 }, () => roomFromCode(newRoomCode()));
		for (const [i, room] of rooms.entries()) {
			const client = relayClient((i % 2 === 0 ? one : two).port, room, '127.0.0.2');
			await synced(client, `room ${i}`);
			client.doc.getText('t').insert(0, `salle ${i}`);
			await until(() => client.provider.unsyncedChanges === 0, 10_000, 'acknowledgement');
			client.destroy();
		}
		await Promise.all([one.kill(), two.kill()]);
		await redis.stop();
		await redis.restart();
		[one, two] = await Promise.all([instance(one.port), instance(two.port)]);
		for (const [i, room] of rooms.entries()) {
			const client = relayClient((i % 2 === 0 ? two : one).port, room, '127.0.0.3');
			try {
				await synced(client, `room ${i} after the restart`);
				await until(() => client.doc.getText('t').toString() === `salle ${i}`, 10_000, `room ${i} content`);
			} finally {
				client.destroy();
			}
		}
	});
	it('never lets a device believe an edit is stored while PostgreSQL is away, and stores it once back', async () => {
		const room = roomFromCode(newRoomCode());
		const beats: { sv?: Record<string, number> }[] = [];
		const client = relayClient(one.port, room, '127.0.0.2');
		client.provider.on('stateless', ({ payload }: { payload: string }) => beats.push(JSON.parse(payload)));
		// What the beats say the room holds of this device's edits, against what it typed.
		let restarted = false;
		const covered = (beat: { sv?: Record<string, number> }) =>
			(beat.sv?.[client.doc.clientID] ?? 0) >= Y.getState(client.doc.store, client.doc.clientID);
		try {
			await synced(client, 'device on instance 1', one.health);
			client.doc.getText('t').insert(0, 'avant');
			await until(() => client.provider.unsyncedChanges === 0, 10_000, 'acknowledgement');
			await postgres.stop();
			beats.length = 0;
			client.doc.getText('t').insert(5, ' pendant la panne');
			// Every beat from the edit on, the outage's first seconds included, leaves it out.
			await until(() => beats.length >= 4, 10_000, 'beats during the outage');
			expect(beats.some(covered)).toBe(false);
			expect((await one.health()).refusals['disk-quota']).toBeGreaterThan(0);
			await postgres.restart();
			restarted = true;
			// Without any new edit, the relay stores the room once PostgreSQL is back, and the beat then covers it.
			await until(() => beats.slice(-1).some(covered), 30_000, 'the edit covered by a beat after the outage');
		} finally {
			client.destroy();
			// A failure here must not leave the next tests without PostgreSQL.
			if (!restarted) await postgres.restart();
		}
		const reader = relayClient(two.port, room, '127.0.0.3');
		try {
			await synced(reader, 'a device on instance 2');
			await until(() => reader.doc.getText('t').toString() === 'avant pendant la panne', 10_000, 'every edit stored');
		} finally {
			reader.destroy();
		}
	});
});

describe('hosted settings refused at start', { timeout: 60_000 }, () => {
	const start = (env: Record<string, string>) =>
		spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--port', '0', '--host', '127.0.0.1', '--root', root], {
			env: { ...process.env, ...env },
			encoding: 'utf8',
			timeout: 40_000
		});

	it('refuses Redis without PostgreSQL, and a URL of the wrong kind, in French', () => {
		const alone = start({ ATELIER_REDIS_URL: redis.url });
		expect(alone.status).toBe(2);
		expect(alone.stderr).toContain('ATELIER_REDIS_URL demande aussi ATELIER_DATABASE_URL');
		const wrong = start({ ATELIER_DATABASE_URL: 'mysql://base' });
		expect(wrong.status).toBe(2);
		expect(wrong.stderr).toContain('ATELIER_DATABASE_URL doit être une adresse postgres://');
	});

	it('stops with a clear message when PostgreSQL does not answer, without printing the password', async () => {
		const closedPort = await freePort();
		const result = start({ ATELIER_DATABASE_URL: `postgres://atelier:secret-de-test@127.0.0.1:${closedPort}/postgres` });
		expect(result.status).not.toBe(0);
		expect(result.stderr).toContain('stockage des ateliers inaccessible (PostgreSQL 127.0.0.1');
		expect(result.stderr + result.stdout).not.toContain('secret-de-test');
	});

	it('ignores a device whose WebSocket says nothing on a hosted instance (the usual limits hold)', async () => {
		const server = await instance();
		const ws = new WebSocket(`ws://127.0.0.1:${server.port}/relay`);
		await new Promise((r) => ws.once('open', r));
		await until(() => ws.readyState === WebSocket.CLOSED, 15_000, 'auth timeout');
		await legitimatePairWorks(server, '127.0.0.6');
	});
});
