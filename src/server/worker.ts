// One worker of `npm start` (see cli.ts, its supervisor): it loads the server code, waits on standby
// for the supervisor's go, then serves. The supervisor keeps a loaded worker on standby, so when the
// serving one dies the next one only has to open the database and listen.
import { createAtelierServer, type AtelierServer, type AtelierServerOptions } from './server.ts';

/** Limits an operator may tune (ATELIER_LIMITS, JSON); docs/SECURITY.md lists them and their defaults. */
export type TunableLimits = Pick<
	AtelierServerOptions,
	'limits' | 'relayLimits' | 'maxConnections' | 'maxConnectionsPerAddress' | 'outgoingBudgetBytes'
>;

export interface WorkerConfig {
	root: string;
	port: number;
	host: string;
	database: string;
	/** A hosted service (ATELIER_DATABASE_URL, ATELIER_REDIS_URL). */
	databaseUrl?: string;
	redisUrl?: string;
	trustProxy: boolean;
	limits: TunableLimits;
}

export type SupervisorMessage = { type: 'start'; config: WorkerConfig } | { type: 'ping' };
export type WorkerMessage =
	{ type: 'standby' } | { type: 'ready'; port: number } | { type: 'pong' } | { type: 'fatal'; code: string; message: string };

function tell(message: WorkerMessage): void {
	process.send?.(message);
}

let server: AtelierServer | null = null;
let stopping = false;

async function start(config: WorkerConfig): Promise<void> {
	if (server) return;
	const { limits, ...rest } = config;
	server = createAtelierServer({ ...rest, ...limits, log: (line) => console.warn(line) });
	try {
		const port = await server.listen();
		tell({ type: 'ready', port });
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
		tell({ type: 'fatal', code, message: error instanceof Error ? error.message : String(error) });
		process.exit(2);
	}
}

async function stop(): Promise<void> {
	if (stopping) return;
	stopping = true;
	const force = setTimeout(() => process.exit(1), 5_000);
	force.unref();
	await server?.close();
	process.exit(0);
}

process.on('message', (message: SupervisorMessage) => {
	if (message?.type === 'start') void start(message.config);
	if (message?.type === 'ping') tell({ type: 'pong' });
});
// A promise rejected without a handler (a library's timer, a failed write) is logged, not fatal: the
// state it leaves is known (an operation failed). An uncaught exception still ends the worker, and the
// supervisor replaces it.
let rejections = 0;
process.on('unhandledRejection', (reason) => {
	if (++rejections <= 20)
		console.error(`[erreur] promesse rejetée sans traitement : ${reason instanceof Error ? reason.message : String(reason)}`);
});
// The supervisor stops the workers itself (Ctrl+C reaches the whole process group).
process.on('SIGINT', () => {});
process.on('SIGTERM', () => void stop());
// Without its supervisor a worker must not linger on the port.
process.on('disconnect', () => process.exit(1));
tell({ type: 'standby' });
