// `npm start`: builds the app if needed, starts the atelier server and prints where to reach it.
// This process is a supervisor: the server runs in a worker process (worker.ts), and if the worker
// dies (a bug, memory, a signal) another one, already loaded on standby, takes the same port within a
// fraction of a second. The relay's rooms are on disk (acknowledged edits are), so they survive it.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { serverUrls } from './network.ts';
import { describeDatabaseUrl, hostedSettings } from './hosted.ts';
import { ATELIER_SHELL, SPA_FALLBACK } from './static.ts';
import type { SupervisorMessage, TunableLimits, WorkerConfig, WorkerMessage } from './worker.ts';

const USAGE = `Usage : npm start -- [--port 8787] [--host 0.0.0.0] [--root build] [--rebuild]
  --port     port d’écoute (ou variable ATELIER_PORT / PORT), 8787 par défaut
  --host     adresse d’écoute (ou ATELIER_HOST / HOST), 0.0.0.0 par défaut (tout le réseau local)
  --root     dossier de l’application construite, build par défaut
  --data     fichier SQLite où le relais garde les ateliers (ou ATELIER_DATA), data/relais.sqlite par défaut
  --trust-proxy  derrière un proxy inverse : l’adresse des clients est le dernier saut de X-Forwarded-For
  --rebuild  reconstruire l’application avant de démarrer

Service hébergé (voir docs/DEPLOYMENT.md) :
  ATELIER_DATABASE_URL  postgres://… : les ateliers relayés sont gardés dans PostgreSQL, pas dans --data
  ATELIER_REDIS_URL     redis://… : plusieurs instances partagent les salles (relais et signalisation)`;

function fail(message: string): never {
	console.error(`Erreur : ${message}\n\n${USAGE}`);
	process.exit(2);
}

let args;
try {
	args = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			root: { type: 'string' },
			data: { type: 'string' },
			'trust-proxy': { type: 'boolean', default: false },
			rebuild: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true
	}).values;
} catch (error) {
	fail(error instanceof Error ? error.message : String(error));
}

if (args.help) {
	console.log(USAGE);
	process.exit(0);
}

const portText = args.port ?? process.env.ATELIER_PORT ?? process.env.PORT ?? '8787';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`port invalide « ${portText} »`);
const host = args.host ?? process.env.ATELIER_HOST ?? process.env.HOST ?? '0.0.0.0';
const root = resolve(args.root ?? 'build');
const database = resolve(args.data ?? process.env.ATELIER_DATA ?? 'data/relais.sqlite');
const hosted = hostedSettings(process.env);
if (!hosted.ok) fail(hosted.message);

if (args.rebuild || !existsSync(resolve(root, SPA_FALLBACK)) || !existsSync(resolve(root, `${ATELIER_SHELL.slice(1)}.html`))) {
	console.log('Construction de l’application (une seule fois)…');
	const result = spawnSync(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'build'], {
		stdio: 'inherit'
	});
	if (result.status !== 0) fail('la construction de l’application a échoué');
}

const WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * The worker runs as one JavaScript file bundled by esbuild (about 20 ms, at each start) under plain Node:
 * through tsx it would carry the TypeScript loader, about 40 MB more per worker and twice the start time.
 * Dependencies stay in node_modules; the file is named after its content, so several servers starting
 * at once (the tests) write the same file. If bundling fails, the worker runs through tsx.
 */
async function workerEntry(): Promise<{ file: string; execArgv: string[] }> {
	try {
		const result = await build({
			entryPoints: [WORKER_SOURCE],
			bundle: true,
			platform: 'node',
			format: 'esm',
			packages: 'external',
			target: 'node20',
			write: false,
			logLevel: 'silent'
		});
		const code = result.outputFiles[0]?.contents;
		if (!code) throw new Error('empty bundle');
		const dir = resolve('node_modules/.cache/atelier-server');
		const file = join(dir, `worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
		if (!existsSync(file)) {
			mkdirSync(dir, { recursive: true });
			const temporary = `${file}.${process.pid}.tmp`;
			writeFileSync(temporary, code);
			renameSync(temporary, file);
		}
		return { file, execArgv: [] };
	} catch {
		return { file: WORKER_SOURCE, execArgv: process.execArgv };
	}
}
const worker = await workerEntry();
/** ATELIER_LIMITS: the server's limits as JSON, for a hosted service that needs other figures. */
function tunableLimits(text: string | undefined): TunableLimits {
	if (!text) return {};
	const known = new Set(['limits', 'relayLimits', 'maxConnections', 'maxConnectionsPerAddress', 'outgoingBudgetBytes']);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		fail('ATELIER_LIMITS n’est pas un JSON lisible');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('ATELIER_LIMITS doit être un objet JSON');
	for (const [key, field] of Object.entries(value)) {
		if (!known.has(key)) fail(`ATELIER_LIMITS : clé inconnue « ${key} »`);
		const numbers = typeof field === 'object' && field !== null ? Object.values(field) : [field];
		if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0))
			fail(`ATELIER_LIMITS : « ${key} » doit contenir des nombres positifs`);
	}
	return value as TunableLimits;
}

const config: WorkerConfig = {
	root,
	port,
	host,
	database,
	...hosted.settings,
	trustProxy: args['trust-proxy'] === true || process.env.ATELIER_TRUST_PROXY === '1',
	limits: tunableLimits(process.env.ATELIER_LIMITS)
};

let stopping = false;
let active: ChildProcess | null = null;
let standby: ChildProcess | null = null;
let firstStart = true;
let diedAt = 0;
const restarts: number[] = [];
/** Workers that said they serve: one that exits before this could not start (a bad port, a bad file). */
const served = new WeakSet<ChildProcess>();
/** When the serving worker last answered the supervisor's ping. */
let answeredAt = Date.now();

function spawnWorker(): ChildProcess {
	const child = fork(worker.file, [], { execArgv: worker.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	child.on('exit', (code, signal) => void onExit(child, code, signal));
	// A worker that loses its pipe (it died) reports it through 'exit'.
	child.on('error', () => undefined);
	return child;
}

function prepareStandby(): void {
	if (stopping || standby) return;
	standby = spawnWorker();
}

function activate(worker: ChildProcess): void {
	active = worker;
	answeredAt = Date.now();
	worker.on('message', (message: WorkerMessage) => void onMessage(worker, message));
	const start: SupervisorMessage = { type: 'start', config };
	// A worker on standby has loaded its code; one just forked queues the message until it has.
	worker.send(start);
}

async function onMessage(worker: ChildProcess, message: WorkerMessage): Promise<void> {
	if (worker !== active) return;
	if (message.type === 'fatal') {
		stopping = true;
		standby?.kill('SIGTERM');
		fail(message.code === 'EADDRINUSE' ? `le port ${config.port} est déjà utilisé` : message.message);
	}
	if (message.type === 'pong') answeredAt = Date.now();
	if (message.type !== 'ready') return;
	served.add(worker);
	// A restarted worker must listen where the tablets already connect.
	config.port = message.port;
	if (!firstStart) {
		console.log(`Serveur redémarré en ${Date.now() - diedAt} ms : les tablettes se reconnectent d’elles-mêmes.`);
		return;
	}
	firstStart = false;
	await printWelcome(message.port);
}

async function onExit(worker: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
	if (worker === standby) {
		standby = null;
		// prepareStandby checks again: a restart may have prepared one meanwhile, or the server may be stopping.
		setTimeout(prepareStandby, 1_000).unref();
		return;
	}
	if (worker !== active) return;
	active = null;
	if (stopping) return;
	if (!served.has(worker)) {
		// It never served: restarting would fail the same way (its own message said why, if it could).
		standby?.kill('SIGTERM');
		fail(`le serveur n’a pas pu démarrer (${signal ? `signal ${signal}` : `code ${code}`})`);
	}
	if (code === 0) {
		// The worker was asked to stop (SIGTERM sent to it alone): the server stops.
		console.log('Le serveur s’est arrêté.');
		return shutdown();
	}
	diedAt = Date.now();
	const now = Date.now();
	restarts.push(now);
	while (restarts.length > 0 && now - (restarts[0] ?? now) > 60_000) restarts.shift();
	console.error(`\nLe serveur s’est arrêté de façon inattendue (${signal ? `signal ${signal}` : `code ${code}`}) : redémarrage…`);
	// A crash that repeats at once (a bad file, a full disk) must not spin the laptop's CPU.
	if (restarts.length > 5) await new Promise((resolve) => setTimeout(resolve, 1_000));
	if (stopping) return;
	const next = standby ?? spawnWorker();
	standby = null;
	activate(next);
	prepareStandby();
}

// A worker whose event loop is stuck (an endless loop, a pathological input) serves nobody but does
// not exit: one that has not answered a ping for 15 s is killed, and replaced like any dead worker.
const watchdog = setInterval(() => {
	if (stopping || !active || !served.has(active)) return;
	if (Date.now() - answeredAt > 15_000) {
		console.error('\nLe serveur ne répond plus depuis 15 s : il est remplacé.');
		active.kill('SIGKILL');
		return;
	}
	active.send({ type: 'ping' } satisfies SupervisorMessage, () => undefined);
}, 5_000);
watchdog.unref();

async function printWelcome(bound: number): Promise<void> {
	const urls = serverUrls(host, bound);
	console.log(`\nAtelier CAPACities est prêt.\n\n  Sur cet ordinateur : ${urls.local}`);
	for (const url of urls.lan) console.log(`  Sur le réseau local : ${url}`);
	const joinUrl = urls.lan[0];
	if (joinUrl) {
		console.log('\nLes participants scannent ce code QR (même Wi-Fi) :\n');
		console.log(await QRCode.toString(joinUrl, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }));
	} else {
		console.log('\nAucune adresse réseau local trouvée : connectez l’ordinateur à un Wi-Fi ou créez un point d’accès.');
	}
	const where = config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : database;
	console.log(`Les ateliers relayés sont gardés dans ${where}.`);
	if (config.redisUrl) console.log('Les salles sont partagées avec les autres instances par Redis.');
	console.log('Ctrl+C pour arrêter.\n');
}

async function shutdown(signal?: string): Promise<void> {
	if (stopping && signal) return;
	stopping = true;
	if (signal) console.log(`\n${signal} reçu : arrêt propre du serveur…`);
	const force = setTimeout(() => process.exit(1), 6_000);
	force.unref();
	const workers = [active, standby].filter(
		(worker): worker is ChildProcess => worker !== null && worker.exitCode === null && worker.signalCode === null
	);
	await Promise.all(
		workers.map(
			(worker) =>
				new Promise<void>((done) => {
					worker.once('exit', () => done());
					worker.kill('SIGTERM');
				})
		)
	);
	console.log('Serveur arrêté.');
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// The first worker starts at once; the standby loads meanwhile.
activate(spawnWorker());
prepareStandby();
