// A loopback-only network namespace for the peer-to-peer tests: the atelier server and every
// Chromium run inside it, so WebRTC, signaling and the relay can only ever use 127.0.0.1 and no
// packet leaves the machine. Needs root (CI runs as root; elsewhere passwordless sudo).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { atelierServerCommand } from '../../scripts/atelier-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';

const asRoot = (args: string[]) => (process.getuid?.() === 0 ? args : ['sudo', '-n', ...args]);

export function run(args: string[]): void {
	const [command, ...rest] = asRoot(args);
	execFileSync(command as string, rest, { stdio: 'pipe' });
}

export interface Netns {
	name: string;
	/** Runs a command inside the namespace. */
	prefix: string[];
	remove(): void;
}

export function createNetns(name = `atelier-p2p-${process.pid}`): Netns {
	try {
		run(['ip', 'netns', 'add', name]);
		run(['ip', 'netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
	} catch (error) {
		throw new Error(`Cannot create the loopback-only network namespace ${name} (needs root and iproute2): ${(error as Error).message}`, {
			cause: error
		});
	}
	return {
		name,
		prefix: asRoot(['ip', 'netns', 'exec', name]),
		remove: () => {
			try {
				run(['ip', 'netns', 'delete', name]);
			} catch {
				// already gone
			}
		}
	};
}

export interface NetnsServer {
	process: ChildProcess;
	/** Resolves when the process has exited. */
	exited: Promise<void>;
	kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `npm start`'s server (src/server/cli.ts) inside the namespace on a fixed port. */
export async function startServer(ns: Netns, port: number, database: string, host = '127.0.0.1'): Promise<NetnsServer> {
	const [command, ...args] = [...ns.prefix, ...atelierServerCommand({ port, database, host })];
	const child = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	let output = '';
	await new Promise<void>((ready, fail) => {
		const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 20_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Ctrl+C')) {
				clearTimeout(timer);
				ready();
			}
		});
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => fail(new Error(`server exited (${code}):\n${output}`)));
	});
	return {
		process: child,
		exited,
		async kill(signal: NodeJS.Signals = 'SIGTERM') {
			// `ip netns exec` execs the command, but sudo may stand in between: signal the whole group.
			const pid = child.pid;
			if (pid) {
				try {
					execFileSync('pkill', ['--signal', signal, '-P', String(pid)]);
				} catch {
					// no children
				}
				child.kill(signal);
			}
			await exited;
		}
	};
}

export interface Device {
	context: BrowserContext;
	close(): Promise<void>;
}

/** A separate Chromium process (its own storage, no shared BroadcastChannel) inside the namespace. */
export async function deviceIn(
	ns: Netns,
	options: { viewport?: { width: number; height: number }; initScript?: string; args?: string[] } = {}
): Promise<Device> {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-device-'));
	const wrapper = join(dir, 'chromium.sh');
	writeFileSync(wrapper, `#!/bin/sh\nexec ${ns.prefix.join(' ')} ${CHROMIUM_PATH} "$@"\n`);
	chmodSync(wrapper, 0o755);
	const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
		executablePath: wrapper,
		headless: true,
		args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
		viewport: options.viewport ?? { width: 1024, height: 768 },
		locale: 'fr-FR',
		// Without a media permission Chromium gathers no ICE candidate on loopback.
		permissions: ['camera', 'microphone']
	});
	if (options.initScript) await context.addInitScript(options.initScript);
	return {
		context,
		async close() {
			await context.close().catch(() => undefined);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * One loopback-only namespace with `npm start`'s server (its relay stored in a temporary directory)
 * and the devices of a test file, each its own Chromium. `close()` tears everything down.
 */
export class Lab {
	readonly devices: Device[] = [];
	readonly ns: Netns;
	readonly port: number;
	readonly dir: string;
	server!: NetnsServer;
	host = '127.0.0.1';
	/** Torn down with the lab (tablets' namespaces and their engines). */
	readonly cleanups: (() => Promise<void> | void)[] = [];

	private constructor(ns: Netns, port: number, dir: string) {
		this.ns = ns;
		this.port = port;
		this.dir = dir;
	}

	/** `host: '0.0.0.0'` when tablets join from their own namespaces over a LAN address (tablets.ts). */
	static async start(name: string, port: number, options: { host?: string } = {}): Promise<Lab> {
		const lab = new Lab(createNetns(`${name}-${process.pid}`), port, mkdtempSync(join(tmpdir(), `${name}-`)));
		lab.host = options.host ?? '127.0.0.1';
		lab.server = await startServer(lab.ns, port, lab.database, lab.host);
		return lab;
	}

	get base(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get database(): string {
		return join(this.dir, 'relais.sqlite');
	}

	/** Starts the server again on the same relay database (after a kill). */
	async restartServer(): Promise<void> {
		this.server = await startServer(this.ns, this.port, this.database, this.host);
	}

	/** A new device (a tablet in portrait unless told otherwise) and its page; page errors are logged. */
	async device(options: Parameters<typeof deviceIn>[1] = {}): Promise<Page> {
		const d = await deviceIn(this.ns, { viewport: { width: 820, height: 1180 }, ...options });
		this.devices.push(d);
		const page = await d.context.newPage();
		page.on('pageerror', (error) => console.error('page error:', error.message));
		return page;
	}

	async close(): Promise<void> {
		// Each step on its own: one failing must not leave processes or namespaces behind.
		const attempt = async (step: () => Promise<void> | void) => {
			try {
				await step();
			} catch (error) {
				console.error('lab cleanup:', (error as Error).message);
			}
		};
		for (const cleanup of this.cleanups.splice(0).reverse()) await attempt(cleanup);
		for (const d of this.devices.splice(0)) await attempt(() => d.close());
		await this.server?.kill('SIGTERM');
		this.ns.remove();
		rmSync(this.dir, { recursive: true, force: true });
	}
}
