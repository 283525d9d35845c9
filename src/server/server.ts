// The atelier server: one Node process, one port. It serves the built app, the y-webrtc signaling
// WebSocket at /signal, the relay (Hocuspocus) at /relay and a health endpoint at /healthz. It imports
// nothing from the browser app except the pure room-id derivation (src/lib/sync/room.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SignalingHub, type SignalingLimits, type SignalPeer } from './signaling.ts';
import { createStaticHandler, securityHeaders } from './static.ts';
import { createRelay, type Relay, type RelayLimits } from './relay.ts';
import { clientAddress, ConnectionCounter, OutgoingBudget, Refusals } from './guards.ts';
import { serverUrls } from './network.ts';
import { createClusterLink, type ClusterLink } from './cluster.ts';
import { describeDatabaseUrl, describeRedisUrl } from './hosted.ts';

export interface AtelierServerOptions {
	/** Folder of the built app (adapter-static output). */
	root: string;
	port?: number;
	host?: string;
	limits?: Partial<SignalingLimits>;
	relayLimits?: Partial<RelayLimits>;
	/** Interval of WebSocket pings; a connection that missed the previous pong is closed. */
	pingIntervalMs?: number;
	/** Sockets of each endpoint (/signal, /relay), in all and from one address. */
	maxConnections?: number;
	maxConnectionsPerAddress?: number;
	/** Outgoing bytes queued in the server for all sockets together. */
	outgoingBudgetBytes?: number;
	/** Behind a reverse proxy: take the client's address from the last hop of X-Forwarded-For. */
	trustProxy?: boolean;
	/** SQLite file where the relay keeps every room; ':memory:' (the default) keeps nothing. */
	database?: string;
	/** A hosted service: rooms in this PostgreSQL (postgres://…) instead of the SQLite file. */
	databaseUrl?: string;
	/** A hosted service of several instances: rooms and signaling shared through this Redis (redis://…). */
	redisUrl?: string;
	/** Where refusals are logged, one line each (rate-limited). */
	log?: (line: string) => void;
}

export interface AtelierServer {
	readonly http: Server;
	readonly hub: SignalingHub;
	readonly relay: Relay;
	readonly refusals: Refusals;
	/** The other instances of a hosted service, when there are. */
	readonly cluster: ClusterLink | null;
	/** Resolves with the bound port once listening: after the storage (and Redis) answered, so a bad
	 * ATELIER_DATABASE_URL or ATELIER_REDIS_URL stops the start with a French message. */
	listen(): Promise<number>;
	/** Closes every socket and stops listening. Safe to call twice. */
	close(): Promise<void>;
}

const SIGNAL_PATH = '/signal';
const RELAY_PATH = '/relay';
/** Outgoing bytes one signaling socket may have queued: far above any burst of offers. */
const SIGNAL_QUEUE_PER_SOCKET = 1024 * 1024;

function refuseUpgrade(socket: Duplex, status: string): void {
	socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	socket.destroy();
}

export function createAtelierServer(options: AtelierServerOptions): AtelierServer {
	const started = Date.now();
	const refusals = new Refusals(options.log);
	const hub = new SignalingHub(options.limits, (reason, detail) => refusals.refuse(reason, detail));
	const pingIntervalMs = options.pingIntervalMs ?? 30_000;
	const maxConnections = options.maxConnections ?? 2_000;
	const perAddress = options.maxConnectionsPerAddress ?? 64;
	const signalSlots = new ConnectionCounter(maxConnections, perAddress);
	const relaySlots = new ConnectionCounter(maxConnections, perAddress);
	const budget = new OutgoingBudget(options.outgoingBudgetBytes ?? 64 * 1024 * 1024);
	const serveStatic = createStaticHandler(options.root);
	const cluster = options.redisUrl ? createClusterLink(options.redisUrl) : null;
	if (cluster) {
		hub.connect(cluster.bridge);
		cluster.onRemoteFrame((topic, frame) => hub.deliver(topic, frame));
	}
	const relay = createRelay({
		database: options.database ?? ':memory:',
		databaseUrl: options.databaseUrl,
		cluster: cluster ?? undefined,
		refusals,
		budget,
		limits: options.relayLimits,
		pingIntervalMs
	});

	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: hub.limits.maxPayloadBytes,
		perMessageDeflate: false,
		clientTracking: true
	});

	function healthz(res: ServerResponse): void {
		const stats = hub.stats();
		securityHeaders(res);
		res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
		res.end(
			JSON.stringify({
				status: 'ok',
				pid: process.pid,
				uptimeSeconds: Math.round((Date.now() - started) / 1000),
				rssBytes: process.memoryUsage.rss(),
				connections: stats.connections,
				topics: stats.topics,
				droppedFrames: stats.dropped,
				queuedBytes: budget.queued,
				relay: relay.stats(),
				cluster: cluster && {
					instance: cluster.identifier,
					redis: cluster.connected() ? 'ok' : 'injoignable',
					droppedFrames: cluster.dropped()
				},
				refusals: refusals.toJSON()
			})
		);
	}

	/**
	 * The addresses a tablet can use to join, for the share panel: on the laptop the page is often on
	 * localhost, an address no tablet can reach. Read at each request: the Wi-Fi may change.
	 */
	function network(req: IncomingMessage, res: ServerResponse): void {
		const port = (http.address() as AddressInfo | null)?.port ?? options.port ?? 8787;
		// Only the laptop itself needs them (its page on localhost); nobody else learns this machine's addresses.
		const local = /^(127\.|::1$|::ffff:127\.)/.test(req.socket.remoteAddress ?? '');
		securityHeaders(res);
		res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
		res.end(JSON.stringify({ lan: local ? serverUrls(options.host ?? '0.0.0.0', port).lan : [] }));
	}

	const http = createServer((req: IncomingMessage, res: ServerResponse) => {
		try {
			const path = (req.url ?? '/').split('?')[0];
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				securityHeaders(res);
				res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
				res.end('Méthode non autorisée\n');
				return;
			}
			if (path === '/healthz') return healthz(res);
			if (path === '/reseau.json') return network(req, res);
			serveStatic(req, res);
		} catch {
			if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Erreur du serveur\n');
		}
	});
	// Slow or idle clients must not hold sockets forever.
	http.headersTimeout = 20_000;
	http.requestTimeout = 30_000;
	http.on('clientError', (_error, socket) => socket.destroy());

	http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		try {
			const path = (req.url ?? '').split('?')[0];
			const slots = path === RELAY_PATH ? relaySlots : path === SIGNAL_PATH ? signalSlots : null;
			if (!slots) return refuseUpgrade(socket, '404 Not Found');
			const address = clientAddress(req, options.trustProxy);
			// Every socket takes a slot from its upgrade on, authenticated or not, until it closes.
			const slot = slots.acquire(address);
			if (slot === 'capacity') {
				refusals.refuse('capacity', `${path}, ${address} : serveur plein`);
				return refuseUpgrade(socket, '503 Service Unavailable');
			}
			if (slot === 'per-address') {
				refusals.refuse('per-address', `${path}, ${address} : trop de connexions depuis cette adresse`);
				return refuseUpgrade(socket, '429 Too Many Requests');
			}
			socket.once('close', slot);
			if (path === RELAY_PATH) return relay.handleUpgrade(req, socket, head, address);
			wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, address));
		} catch {
			socket.destroy();
		}
	});

	const alive = new WeakMap<WebSocket, boolean>();

	wss.on('connection', (ws: WebSocket, _req: IncomingMessage, address: string) => {
		const peer: SignalPeer = {
			send: (frame) => {
				if (ws.readyState !== ws.OPEN) return;
				if (!budget.admits(ws, frame.length, SIGNAL_QUEUE_PER_SOCKET)) {
					const reason = ws.bufferedAmount + frame.length > SIGNAL_QUEUE_PER_SOCKET ? 'slow-reader' : 'outgoing-budget';
					refusals.refuse(reason, `/signal, ${address} : appareil qui ne lit pas ses messages, fermé`);
					ws.terminate();
					return;
				}
				// A text frame from bytes encoded once for the whole room.
				ws.send(frame, { binary: false });
			}
		};
		hub.add(peer);
		alive.set(ws, true);
		ws.on('pong', () => alive.set(ws, true));
		ws.on('message', (data, isBinary) => {
			try {
				// The protocol is JSON text; binary frames are not part of it.
				if (isBinary) return void hub.receive(peer, '');
				hub.receive(peer, Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
			} catch {
				refusals.refuse('bad-frame', `/signal, ${address} : trame qui a fait échouer son traitement`);
				ws.terminate();
			}
		});
		// Oversized frames and protocol errors surface here; the socket is closed by `ws`.
		ws.on('error', (error: Error & { code?: string }) => {
			refusals.refuse('bad-frame', `/signal, ${address} : erreur de protocole (${error.code ?? error.message})`);
			ws.terminate();
		});
		ws.on('close', () => {
			hub.remove(peer);
			budget.forget(ws);
		});
	});

	const heartbeat = setInterval(() => {
		for (const ws of wss.clients) {
			if (!alive.get(ws)) {
				ws.terminate();
				continue;
			}
			alive.set(ws, false);
			ws.ping();
		}
	}, pingIntervalMs);
	heartbeat.unref();

	let closing: Promise<void> | undefined;

	return {
		http,
		hub,
		relay,
		refusals,
		cluster,
		async listen() {
			try {
				await relay.ready();
			} catch (error) {
				const where = options.databaseUrl ? describeDatabaseUrl(options.databaseUrl) : (options.database ?? ':memory:');
				throw Object.assign(new Error(`stockage des ateliers inaccessible (${where}) : ${(error as Error).message}`), {
					code: 'STORAGE'
				});
			}
			if (cluster && options.redisUrl) {
				try {
					await cluster.ready();
				} catch (error) {
					throw Object.assign(new Error((error as Error).message), { code: 'REDIS', where: describeRedisUrl(options.redisUrl) });
				}
			}
			return new Promise((resolve, reject) => {
				http.once('error', reject);
				http.listen(options.port ?? 8787, options.host ?? '0.0.0.0', () => {
					http.off('error', reject);
					resolve((http.address() as AddressInfo).port);
				});
			});
		},
		close() {
			closing ??= new Promise<void>((resolve) => {
				clearInterval(heartbeat);
				const relayClosed = relay.close();
				for (const ws of wss.clients) ws.close(1001, 'server shutting down');
				wss.close();
				http.close(
					() =>
						void relayClosed
							.then(async () => {
								// After the relay's last compaction, which takes the extension's lock in Redis.
								await cluster?.extension.onDestroy().catch(() => undefined);
								await cluster?.close();
							})
							.then(() => resolve())
				);
				http.closeIdleConnections();
				// Sockets that do not finish their close handshake in time are cut.
				setTimeout(() => {
					for (const ws of wss.clients) ws.terminate();
					http.closeAllConnections();
				}, 2_000).unref();
			});
			return closing;
		}
	};
}
