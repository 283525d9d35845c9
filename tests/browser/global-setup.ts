// Starts the real atelier server, as `npm start` does (its own Node process, src/server/cli.ts), on the
// real build for the browser tests. Not inside Vitest's process: there, Vite's module graph loads the
// server's Yjs a second time (« Yjs was already imported »), which broke the relay's documents and,
// late in a full run, left the server answering nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { atelierServerCommand } from '../../scripts/atelier-server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		buildDir: string;
	}
}

/** A port nobody listens on now (the server takes it right after). */
function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.once('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
		});
	});
}

export default async function setup(project: TestProject) {
	const buildDir = resolve('build');
	// A build from before the atelier page had its own shell (ateliers/coquille.html) is stale too.
	if (['200.html', 'sw.js', 'ateliers/coquille.html'].some((file) => !existsSync(resolve(buildDir, file)))) {
		throw new Error('No build found: run `npm run build` first (`npm test` does it).');
	}
	const data = mkdtempSync(join(tmpdir(), 'atelier-tests-'));
	const port = await freePort();
	const [command, ...args] = atelierServerCommand({ port, database: join(data, 'relais.sqlite') });
	const child = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	let output = '';
	await new Promise<void>((ready, fail) => {
		const timer = setTimeout(() => fail(new Error(`the atelier server did not start:\n${output}`)), 30_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Ctrl+C')) {
				clearTimeout(timer);
				ready();
			}
		});
		// The server's refusals (« [refus] … ») are part of what tests show; keep them visible.
		child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
		child.once('exit', (code) => {
			clearTimeout(timer);
			fail(new Error(`the atelier server exited (${code}):\n${output}`));
		});
	});
	project.provide('baseURL', `http://127.0.0.1:${port}`);
	project.provide('buildDir', buildDir);
	return async () => {
		child.kill('SIGTERM');
		await exited;
		rmSync(data, { recursive: true, force: true });
	};
}
