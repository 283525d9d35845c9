// Figures of `npm start` itself: how long the atelier is unreachable when its worker dies, and what it
// costs to acknowledge an edit only once it is on disk. Run alone with `npx tsx scripts/bench-server.ts`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { newRoomCode, roomFromCode } from '../src/lib/shared/room.ts';
import { atelierServerCommand } from './atelier-server.ts';

async function health(port: number): Promise<{ pid: number } | null> {
	try {
		const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(500) });
		return res.ok ? ((await res.json()) as { pid: number }) : null;
	} catch {
		return null;
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Kills the serving worker with SIGKILL `rounds` times, each time measuring from the kill to the first
 * /healthz answered by a new worker; and the time from a local edit to the relay's acknowledgement.
 */
export async function serverResilience(
	rounds = 5
): Promise<{ restartMedianMs: number; restartMaxMs: number; ackMedianMs: number; ackP95Ms: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-server-'));
	const port = 18_797;
	const [node, ...args] = atelierServerCommand({ port, database: join(dir, 'relais.sqlite') });
	const child = spawn(node!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	try {
		await new Promise<void>((ready, fail) => {
			let out = '';
			child.stdout?.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				if (out.includes('Ctrl+C')) ready();
			});
			child.once('exit', () => fail(new Error(out)));
		});
		const restarts: number[] = [];
		for (let i = 0; i < rounds; i++) {
			// The standby of the previous round has to be loaded again first, as it would be in a room.
			await new Promise((r) => setTimeout(r, 3_000));
			const before = await health(port);
			if (!before) throw new Error('server not answering');
			const killedAt = performance.now();
			process.kill(before.pid, 'SIGKILL');
			for (;;) {
				const now = await health(port);
				if (now && now.pid !== before.pid) break;
				if (performance.now() - killedAt > 10_000) throw new Error('no restart within 10 s');
				await new Promise((r) => setTimeout(r, 5));
			}
			restarts.push(performance.now() - killedAt);
		}

		// Acknowledgement latency: one edit at a time, from the edit to unsyncedChanges back to 0.
		const room = roomFromCode(newRoomCode());
		const doc = new Y.Doc();
		const socket = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${port}/relay`, WebSocketPolyfill: WebSocket });
		let synced = false;
		const provider = new HocuspocusProvider({
			websocketProvider: socket,
			name: room.id,
			document: doc,
			token: room.token,
			onSynced: () => (synced = true)
		});
		provider.attach();
		const deadline = Date.now() + 10_000;
		while (!synced || provider.unsyncedChanges > 0) {
			if (Date.now() > deadline) throw new Error('relay client did not sync');
			await new Promise((r) => setTimeout(r, 10));
		}
		const acks: number[] = [];
		for (let i = 0; i < 200; i++) {
			const start = performance.now();
			doc.getText('t').insert(0, 'x');
			await new Promise<void>((done) => {
				const check = () => (provider.unsyncedChanges === 0 ? done() : setImmediate(check));
				check();
			});
			acks.push(performance.now() - start);
		}
		provider.destroy();
		socket.destroy();
		acks.sort((a, b) => a - b);
		return {
			restartMedianMs: median(restarts),
			restartMaxMs: Math.max(...restarts),
			ackMedianMs: median(acks),
			ackP95Ms: acks[Math.floor(acks.length * 0.95)] ?? 0
		};
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 1_500));
		if (child.exitCode === null) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await serverResilience());
