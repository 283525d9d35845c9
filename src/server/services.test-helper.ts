// Real Redis and PostgreSQL servers for the hosted-service tests and benches: Debian's binaries
// (installed by `npm test`, scripts/system-deps.ts), started on a free loopback port with a temporary
// data directory, stopped and removed afterwards. PostgreSQL refuses to run as root: as root, its
// directory belongs to the `postgres` user the Debian package creates, and it runs as that user.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import pg from 'pg';
import { POSTGRES_PATHS } from '../../scripts/system-deps.ts';
import { freePort, until } from './hostile.test-helper.ts';

export interface Service {
	port: number;
	url: string;
	/** Stops the server, keeping its data directory (start it again with restart()). */
	stop(): Promise<void>;
	restart(): Promise<void>;
	/** Stops it and removes its data. */
	remove(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

function postgresBin(): string {
	for (const path of POSTGRES_PATHS) {
		try {
			accessSync(path, constants.X_OK);
			return path.replace(/\/postgres$/, '');
		} catch {
			// next version
		}
	}
	throw new Error('PostgreSQL is not installed (apt-get install postgresql; npm test installs it)');
}

function portOpen(port: number): Promise<boolean> {
	return new Promise((done) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			done(true);
		});
		socket.once('error', () => done(false));
	});
}

function exitOf(child: ChildProcess): Promise<void> {
	return new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));
}

export async function startRedis(): Promise<Service> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'atelier-redis-'));
	let child: ChildProcess | null = null;
	let output = '';
	const start = async () => {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		await until(() => portOpen(port), 10_000, `redis-server on ${port}:\n${output}`);
	};
	const stop = async () => {
		if (!child) return;
		const exited = exitOf(child);
		child.kill('SIGKILL');
		await exited;
		child = null;
	};
	await start();
	return {
		port,
		url: `redis://127.0.0.1:${port}`,
		stop,
		restart: start,
		async remove() {
			await stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export async function startPostgres(): Promise<Service> {
	const bin = postgresBin();
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'atelier-pg-'));
	const data = join(dir, 'data');
	const asOwner = (command: string, args: string[]): [string, string[]] =>
		isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	if (isRoot) {
		chmodSync(dir, 0o755);
		execFileSync('chown', ['postgres:postgres', dir]);
	}
	const [initCommand, initArgs] = asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'atelier', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
	execFileSync(initCommand, initArgs, { stdio: 'pipe' });
	let child: ChildProcess | null = null;
	let output = '';
	const start = async () => {
		const [command, args] = asOwner(join(bin, 'postgres'), [
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			// A test server: its own durability is not what is tested (the instances' is).
			'-c',
			'fsync=off',
			'-c',
			'max_connections=300'
		]);
		child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const url = `postgres://atelier@127.0.0.1:${port}/postgres`;
		await until(
			async () => {
				const client = new pg.Client({ connectionString: url });
				try {
					await client.connect();
					await client.query('SELECT 1');
					return true;
				} finally {
					await client.end().catch(() => undefined);
				}
			},
			20_000,
			`postgres on ${port}:\n${output}`
		);
	};
	const stop = async () => {
		if (!child) return;
		const exited = exitOf(child);
		// The postmaster's pid (runuser stands in between as root): immediate shutdown, as a crash.
		try {
			const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
			if (pid > 0) process.kill(pid, 'SIGQUIT');
		} catch {
			child.kill('SIGKILL');
		}
		await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
		child = null;
	};
	await start();
	return {
		port,
		url: `postgres://atelier@127.0.0.1:${port}/postgres`,
		stop,
		restart: start,
		async remove() {
			await stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
