// The atelier server: one Node process, one port. It serves the built app, the y-webrtc signaling
// WebSocket at /signal, the relay (Hocuspocus) at /relay and a health endpoint at /healthz. It imports
// nothing from the browser app except the pure room-id derivation (src/lib/sync/room.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SignalingHub, type SignalingLimits, type SignalPeer } from './signaling.ts';
import { createStaticHandler, securityHeaders } from './static.ts';
import { createRelay, type Relay } from './relay.ts';

export interface AtelierServerOptions {
	/** Folder of the built app (adapter-static output). */
	root: string;
	port?: number;
	host?: string;
	limits?: Partial<SignalingLimits>;
	/** Interval of WebSocket pings; a connection that missed the previous pong is closed. */
	pingIntervalMs?: number;
	maxConnections?: number;
	/** SQLite file where the relay keeps every room; ':memory:' (the default) keeps nothing. */
	database?: string;
	/** Largest relay frame in bytes. */
	maxRelayPayloadBytes?: number;
}

export interface AtelierServer {
	readonly http: Server;
	readonly hub: SignalingHub;
	readonly relay: Relay;
	/** Resolves with the bound port once listening. */
	listen(): Promise<number>;
	/** Closes every socket and stops listening. Safe to call twice. */
	close(): Promise<void>;
}

const SIGNAL_PATH = '/signal';
const RELAY_PATH = '/relay';

export function createAtelierServer(options: AtelierServerOptions): AtelierServer {
	const started = Date.now();
	const hub = new SignalingHub(options.limits);
	const pingIntervalMs = options.pingIntervalMs ?? 30_000;
	const maxConnections = options.maxConnections ?? 2_000;
	const serveStatic = createStaticHandler(options.root);
	const relay = createRelay({ database: options.database ?? ':memory:', maxPayloadBytes: options.maxRelayPayloadBytes });

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
				uptimeSeconds: Math.round((Date.now() - started) / 1000),
				connections: stats.connections,
				topics: stats.topics,
				droppedFrames: stats.dropped,
				relay: relay.stats()
			})
		);
	}

	const http = createServer((req: IncomingMessage, res: ServerResponse) => {
		const path = (req.url ?? '/').split('?')[0];
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			securityHeaders(res);
			res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Méthode non autorisée\n');
			return;
		}
		if (path === '/healthz') return healthz(res);
		serveStatic(req, res);
	});
	// Slow or idle clients must not hold sockets forever.
	http.headersTimeout = 20_000;
	http.requestTimeout = 30_000;

	http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		const path = (req.url ?? '').split('?')[0];
		if (path === RELAY_PATH) {
			if (relay.stats().connections >= maxConnections) {
				socket.write('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
				socket.destroy();
				return;
			}
			relay.handleUpgrade(req, socket, head);
			return;
		}
		if (path !== SIGNAL_PATH || wss.clients.size >= maxConnections) {
			socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
			socket.destroy();
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
	});

	const alive = new WeakMap<WebSocket, boolean>();

	wss.on('connection', (ws: WebSocket) => {
		const peer: SignalPeer = {
			send: (text) => {
				if (ws.readyState === ws.OPEN) ws.send(text);
			},
			get bufferedAmount() {
				return ws.bufferedAmount;
			}
		};
		hub.add(peer);
		alive.set(ws, true);
		ws.on('pong', () => alive.set(ws, true));
		ws.on('message', (data, isBinary) => {
			// The protocol is JSON text; binary frames are not part of it.
			if (isBinary) return void hub.receive(peer, '');
			hub.receive(peer, Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
		});
		// Oversized frames and protocol errors surface here; the socket is closed by `ws`.
		ws.on('error', () => ws.terminate());
		ws.on('close', () => hub.remove(peer));
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
		listen() {
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
				http.close(() => void relayClosed.then(() => resolve()));
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
