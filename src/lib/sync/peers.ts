// Peers of an atelier: a y-webrtc mesh (signaling on the atelier server's /signal) and the relay
// through the atelier server (Hocuspocus on /relay), both carrying the same Y.Doc and one shared
// awareness. A tablet syncs through whichever transport works, both at once when both do.
// No Svelte here: the atelier page wraps this in reactive state.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebrtcProvider } from 'y-webrtc';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { frenchTypography } from '$lib/shared/french';
import type { Room } from '$lib/shared/room';
import { onDecryptFailure } from './crypto.ts';
import { onRejectedUpdate } from './guarded-yjs.ts';
import { BEAT_MS, EditLedger, heardRecently } from './acks.ts';
import { MESH_MAX_DEVICES, wantsMesh } from './topology.ts';

export { SYNC_LABELS, type PeerStatus, type Presence, type SyncState } from './status.ts';
import { SYNC_STATES, syncState, type PeerStatus, type Presence, type StorageDurability } from './status.ts';
import { readPublishedTimer, readStateVector, readStorageDurability, relayBeat, relayRefusalMessage } from './received.ts';

export interface PeersOptions {
	room: Room;
	doc: Y.Doc;
	user: { participantId: string; name: string; colour: string; role: string };
	/** Page origin, e.g. http://192.168.1.10:8787: the signaling and relay sockets are on the same origin. */
	origin: string;
	/** Hosted signaling servers, instead of the atelier server's own /signal. */
	signaling?: string[];
	/** Set to false to skip WebRTC (the relay alone carries the room). */
	webrtc?: boolean;
	/** WebRTC connections this device opens itself (MAX_WEBRTC_PEERS by default); the relay carries the rest. */
	maxWebrtcPeers?: number;
	relay?: boolean;
}

type Listener = () => void;

const PROBLEM_MESSAGES: Record<string, string> = {
	'too-large': 'Une modification reçue d’un autre appareil était trop volumineuse : elle a été refusée. Votre atelier n’a pas été modifié.',
	malformed: 'Une modification reçue d’un autre appareil était illisible : elle a été refusée. Votre atelier n’a pas été modifié.',
	empty: 'Une modification vide reçue d’un autre appareil a été ignorée.',
	'not-bytes': 'Un message incompréhensible reçu d’un autre appareil a été ignoré.'
};

export function wsOrigin(origin: string): string {
	return origin.replace(/^http/, 'ws');
}

/** WebRTC connections a device opens itself (y-webrtc's maxConns); see docs/ARCHITECTURE.md. */
export const MAX_WEBRTC_PEERS = 40;

/** On a LAN with host candidates only, a WebRTC connection that is not open after this will not open. */
const STALLED_MS = 8_000;
/** On a LAN a relay socket opens in milliseconds: an attempt older than this hangs on a lost network. */
const RELAY_ATTEMPT_MS = 5_000;

/**
 * Sent on every open data channel every BEAT_MS: y-webrtc's awareness message with no state, which a
 * peer applies as nothing. A cut network closes no connection for tens of seconds; a silent peer is
 * known to be gone within SILENT_MS.
 */
const WEBRTC_BEAT = (() => {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // y-webrtc's messageAwareness
	encoding.writeVarUint8Array(encoder, Uint8Array.of(0)); // an awareness update of zero states
	return encoding.toUint8Array(encoder);
})();

interface WebrtcConnLike {
	connected: boolean;
	closed: boolean;
	peer: { destroy(): void; send(data: Uint8Array): void; on(event: 'data', listener: () => void): void };
}

/**
 * Hosted signaling servers, set at build time (`VITE_ATELIER_SIGNALING=wss://a/signal,wss://b/signal`);
 * by default the atelier server's own /signal on the page's origin.
 */
function configuredSignaling(): string[] | undefined {
	// (import.meta.env exists only in the Vite build: the Node benches load this module too.)
	const value: unknown = import.meta.env?.VITE_ATELIER_SIGNALING;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return value
		.split(',')
		.map((url) => url.trim())
		.filter((url) => /^wss?:\/\//.test(url));
}

export class AtelierPeers {
	readonly awareness: Awareness;
	#webrtc: WebrtcProvider | null = null;
	#relay: HocuspocusProvider | null = null;
	#relaySocket: HocuspocusProviderWebsocket | null = null;
	#listeners = new Set<Listener>();
	#cleanups: (() => void)[] = [];
	#relayState: PeerStatus['relay'] = 'deconnecte';
	#relaySynced = false;
	/** Which relay connection this is (one more at each reconnection): acknowledgements count for their own. */
	#relayConnection = 0;
	/** The relay refused an edit (its room or its disk is full): its acknowledgements no longer mean « all stored ». */
	#relayRefusing = false;
	#ledger = new EditLedger();
	#lastSyncedAt: number | null = null;
	#confirmed = false;
	/** Date.now() of the relay's last message (its beat comes every second). */
	#relayHeardAt = 0;
	#relayLostAt: number | null = null;
	/** Date.now() when the current attempt to open the relay socket began, or null. */
	#relayConnectingSince: number | null = null;
	#bootId: string | null = null;
	#serverRestartedAt: number | null = null;
	/** In the WebRTC mesh (false: the room is a star through the relay), and since when the room is crowded. */
	#meshed = true;
	#crowdedSince: number | null = null;
	/** Date.now() when the relay was last seen live and storing, or null if it never was. */
	#storingSince: number | null = null;
	/** Date.now() of the last data from each WebRTC connection. */
	#peerHeardAt = new WeakMap<object, number>();
	/** What the badge last showed, to notify only on a change. */
	#shown = '';
	/** Last problem worth telling the user, in French. */
	problem: string | null = null;

	constructor(options: PeersOptions) {
		this.awareness = new Awareness(options.doc);
		this.awareness.setLocalState({
			user: options.user,
			sheet: null,
			cell: null,
			sync: 'hors-ligne',
			pending: false,
			lastSyncedAt: null
		});
		const { room } = options;

		if (options.webrtc !== false && typeof RTCPeerConnection !== 'undefined') {
			this.#webrtc = new WebrtcProvider(room.id, options.doc, {
				signaling: options.signaling ?? configuredSignaling() ?? [`${wsOrigin(options.origin)}/signal`],
				password: room.code,
				awareness: this.awareness,
				maxConns: options.maxWebrtcPeers ?? MAX_WEBRTC_PEERS,
				// No public STUN server: the room has no internet. Host candidates are enough on one LAN.
				peerOpts: { config: { iceServers: [] } }
			});
			// 'peers' also lists connections still negotiating; only open data channels count.
			const onPeers = () => this.#update();
			this.#webrtc.on('peers', onPeers);
			this.#cleanups.push(this.#watchStalledConnections(), this.#beatPeers());
		}

		if (options.relay !== false) {
			// The relay beats every second: a socket silent for 4 s is closed and opened again (a cut network
			// leaves it open for tens of seconds), and a lost laptop is tried again every few seconds.
			this.#relaySocket = new HocuspocusProviderWebsocket({
				url: `${wsOrigin(options.origin)}/relay`,
				autoConnect: false,
				messageReconnectTimeout: 4_000,
				maxDelay: 4_000,
				onMessage: () => {
					this.#relayHeardAt = Date.now();
				}
			});
			this.#relay = new HocuspocusProvider({
				websocketProvider: this.#relaySocket,
				name: room.id,
				document: options.doc,
				awareness: this.awareness,
				token: room.token,
				onStatus: ({ status }) => {
					// A refusal stays what it is while the socket it closed comes and goes.
					if (this.#relayState !== 'refuse' || status === 'connected')
						this.#relayState = status === 'connected' ? 'connecte' : status === 'connecting' ? 'connexion' : 'deconnecte';
					this.#relayConnectingSince = status === 'connecting' ? (this.#relayConnectingSince ?? Date.now()) : null;
					if (status === 'connected') {
						this.#relayConnection++;
						this.#relayRefusing = false;
					}
					this.#relaySynced = false;
					this.#update();
				},
				onUnsyncedChanges: ({ number }) => {
					// The relay acknowledges an update once it is on the laptop's disk. Zero confirms what this
					// connection sent once in step (the count restarts at each reconnection, and edits held back
					// while it was away may still be on their way: those wait for the room's state vector in a
					// beat). The provider's own `synced` flag is not enough: it survives a socket closed for silence.
					if (number === 0 && this.#relayState === 'connecte' && !this.#relayRefusing) {
						if (this.#relaySynced) this.#ledger.confirmSentOn(this.#relayConnection);
						this.#relaySynced = true;
					}
					this.#update();
				},
				onAuthenticationFailed: ({ reason }) => {
					this.#relayState = 'refuse';
					this.problem = relayRefusalMessage(reason) ?? relayRefusalMessage('code-not-proven');
					this.#update();
				},
				onStateless: ({ payload }) => {
					const beat = relayBeat(payload);
					if (beat !== null) {
						// Another id: the server process behind the relay is not the one this device knew.
						if (this.#bootId !== null && beat.bootId !== this.#bootId) this.#serverRestartedAt = Date.now();
						this.#bootId = beat.bootId;
						// What the room holds, whatever became of the acknowledgements.
						if (beat.vector) this.#ledger.confirmVector(beat.vector);
						this.#update();
						return;
					}
					const message = relayRefusalMessage(payload);
					if (message) {
						// An edit was refused (full room or disk): nothing this connection sends counts as stored.
						this.#relayRefusing = true;
						this.problem = message;
						this.#update();
						this.#notify();
					}
				}
			});
			this.#relay.attach();
			this.#relaySocket.connect();
		}

		// Local transactions, recorded with the clock before them (an edit that only deletes keeps it).
		let clockBefore = 0;
		const onBefore = (transaction: Y.Transaction) => {
			clockBefore = Y.getState(transaction.doc.store, transaction.doc.clientID);
		};
		const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin === this.#relay || (this.#webrtc && origin === this.#webrtc.room)) return;
			// Sent on the relay connection now if it is in step (the provider sends it in its own handler, first).
			const sentOn = this.#relayState === 'connecte' && this.#relaySynced && !this.#relayRefusing ? this.#relayConnection : null;
			this.#ledger.record(options.doc, clockBefore, sentOn);
			// After the providers' own handlers: the edit leaves first, the bookkeeping follows.
			queueMicrotask(() => this.#update());
		};
		options.doc.on('beforeTransaction', onBefore);
		options.doc.on('update', onLocalUpdate);
		this.#cleanups.push(() => options.doc.off('beforeTransaction', onBefore));
		// Silence is noticed by the clock, not by an event.
		const tick = setInterval(() => {
			this.#retryHangingRelay();
			this.#chooseTopology();
			this.#update();
		}, 500);
		this.#cleanups.push(() => clearInterval(tick));
		// A peer's data channel opening shows up first as its awareness state arriving.
		const onAwareness = (changes: { added: number[]; updated: number[] }, origin: unknown) => {
			if (origin === 'local') return;
			// A peer's published state vector confirms the local edits it covers.
			for (const client of [...changes.added, ...changes.updated]) {
				const vector = readStateVector(this.awareness.getStates().get(client)?.stateVector);
				if (vector) this.#ledger.confirmVector(vector);
			}
			this.#update();
		};
		this.awareness.on('update', onAwareness);
		this.#cleanups.push(() => this.awareness.off('update', onAwareness));
		this.#cleanups.push(() => options.doc.off('update', onLocalUpdate));
		this.#cleanups.push(
			onRejectedUpdate((problem) => {
				this.problem = frenchTypography(PROBLEM_MESSAGES[problem] ?? PROBLEM_MESSAGES.malformed ?? '');
				this.#notify();
			})
		);
		this.#cleanups.push(
			onDecryptFailure(() => {
				this.problem = frenchTypography(
					'Un appareil utilise un autre code pour cette salle : ses messages sont ignorés. Vérifiez que tout le monde a scanné le même code QR.'
				);
				this.#notify();
			})
		);
	}

	/**
	 * y-webrtc keeps a connection whose negotiation stalled (two offers crossing, a lost signaling
	 * message) for ever: the two devices then never try again and stay on the relay. A connection not
	 * open after STALLED_MS is closed, so y-webrtc announces itself again and renegotiates.
	 */
	#watchStalledConnections(): () => void {
		const firstSeen = new WeakMap<object, number>();
		const timer = setInterval(() => {
			const conns = this.#conns();
			const now = Date.now();
			for (const conn of conns) {
				if (conn.connected || conn.closed) continue;
				const seen = firstSeen.get(conn);
				if (seen === undefined) firstSeen.set(conn, now);
				else if (now - seen > STALLED_MS) conn.peer.destroy();
			}
		}, 2_000);
		return () => clearInterval(timer);
	}

	/**
	 * A socket opened while the network was cut waits for a TCP answer that never comes (a minute and more
	 * on WebKit), and the provider waits with it: the device would stay away long after the network is
	 * back. An attempt older than a few seconds is replaced by a fresh one.
	 */
	#retryHangingRelay(): void {
		const since = this.#relayConnectingSince;
		if (since === null || Date.now() - since < RELAY_ATTEMPT_MS || !this.#relaySocket) return;
		this.#relayConnectingSince = Date.now();
		void this.#relaySocket.connect()?.catch(() => undefined);
	}

	/** Joins or leaves the WebRTC mesh by the room's size and the relay's health (topology.ts). */
	#chooseTopology(): void {
		const webrtc = this.#webrtc;
		// Until y-webrtc has derived the room's key and built its room, a disconnect would be undone (and this
		// device's awareness state removed) when that room is built.
		if (!webrtc?.room) return;
		const devices = this.awareness.getStates().size;
		const now = Date.now();
		if (devices > MESH_MAX_DEVICES) this.#crowdedSince ??= now;
		else this.#crowdedSince = null;
		if (this.#relayLive && !this.#relayRefusing) this.#storingSince = now;
		const away = this.#storingSince === null ? Infinity : now - this.#storingSince;
		// A beat comes every second: storing until the last one, away only past it.
		const relayAwayMs = away <= BEAT_MS ? 0 : away;
		const mesh = wantsMesh(this.#meshed, devices, relayAwayMs, this.#crowdedSince === null ? 0 : now - this.#crowdedSince);
		if (mesh === this.#meshed) return;
		this.#meshed = mesh;
		if (mesh) {
			webrtc.connect();
			return;
		}
		// y-webrtc's disconnect also removes this device's own awareness state, which the relay still carries.
		const local = this.awareness.getLocalState();
		webrtc.disconnect();
		// It pushes the signaling connections again at each connect: keep one of each.
		(webrtc as unknown as { signalingConns: unknown[] }).signalingConns.length = 0;
		if (local) this.awareness.setLocalState(local);
	}

	#conns(): WebrtcConnLike[] {
		const conns = this.#webrtc?.room?.webrtcConns as Map<string, WebrtcConnLike> | undefined;
		return conns ? [...conns.values()] : [];
	}

	/** Every second, a beat on each open data channel, and note when each peer was last heard. */
	#beatPeers(): () => void {
		const timer = setInterval(() => {
			for (const conn of this.#conns()) {
				if (!conn.connected || conn.closed) continue;
				if (!this.#peerHeardAt.has(conn)) {
					this.#peerHeardAt.set(conn, Date.now());
					conn.peer.on('data', () => this.#peerHeardAt.set(conn, Date.now()));
				}
				try {
					conn.peer.send(WEBRTC_BEAT);
				} catch {
					// A channel closing under us: its close event follows.
				}
			}
		}, BEAT_MS);
		return () => clearInterval(timer);
	}

	/** Open data channels whose peer was heard from recently. */
	get #webrtcPeers(): number {
		const now = Date.now();
		let live = 0;
		for (const conn of this.#conns()) {
			const heard = this.#peerHeardAt.get(conn);
			if (conn.connected && !conn.closed && (heard === undefined || heardRecently(heard, now))) live++;
		}
		return live;
	}

	/** The relay's socket is open and the relay was heard from in the last seconds. */
	get #relayLive(): boolean {
		return this.#relayState === 'connecte' && heardRecently(this.#relayHeardAt, Date.now());
	}

	/** Every local edit was acknowledged by the relay, which acknowledges only what is on its disk. */
	get #relayConfirmed(): boolean {
		return (
			this.#relayLive &&
			this.#relaySynced &&
			!this.#relayRefusing &&
			(this.#relay?.unsyncedChanges ?? 0) === 0 &&
			this.#ledger.pending === 0
		);
	}

	/** Everything local is known to the relay or to a peer heard from now. */
	get #confirmedNow(): boolean {
		return this.#relayConfirmed || (this.#webrtcPeers > 0 && this.#ledger.pending === 0);
	}

	get status(): PeerStatus {
		const relayLive = this.#relayLive;
		const webrtcPeers = this.#webrtcPeers;
		const pendingEdits = this.#ledger.pending;
		const state = syncState({
			connected: relayLive || webrtcPeers > 0,
			relayConfirmed: this.#relayConfirmed,
			pendingEdits,
			// Nothing pending (every edit is in a peer's published state vector) and a peer heard from now.
			peersConfirmed: webrtcPeers > 0
		});
		return {
			state,
			pending: pendingEdits > 0,
			pendingEdits,
			// A socket open on a silent relay is not a connection anyone can use.
			relay: this.#relayState === 'connecte' && !relayLive ? 'connexion' : this.#relayState,
			webrtcPeers,
			lastSyncedAt: this.#lastSyncedAt,
			relayLostAt: this.#relayLostAt,
			serverRestartedAt: this.#serverRestartedAt
		};
	}

	#update(): void {
		if (this.#relayLive) this.#relayLostAt = null;
		else if (this.#relayHeardAt > 0 && this.#relayLostAt === null) this.#relayLostAt = Date.now();
		if (this.#confirmedNow) {
			if (this.#lastSyncedAt === null || !this.#confirmed) this.#lastSyncedAt = Date.now();
			this.#confirmed = true;
		} else this.#confirmed = false;
		const status = this.status;
		const shown = `${status.state} ${status.pendingEdits} ${status.relay} ${status.webrtcPeers} ${status.relayLostAt} ${status.serverRestartedAt}`;
		const changed = shown !== this.#shown;
		this.#shown = shown;
		const local = this.awareness.getLocalState();
		// Published to the others (the facilitator's list of devices) when the state changes, and the
		// time of the last sync at most every 5 s: not on every keystroke.
		if (
			local &&
			(local.sync !== status.state ||
				local.pending !== status.pending ||
				(status.lastSyncedAt !== null && (typeof local.lastSyncedAt !== 'number' || status.lastSyncedAt - local.lastSyncedAt >= 5_000)))
		) {
			this.awareness.setLocalState({ ...local, sync: status.state, pending: status.pending, lastSyncedAt: status.lastSyncedAt });
		}
		if (changed) this.#notify();
	}

	#notify(): void {
		for (const listener of this.#listeners) listener();
	}

	/** Called on any change of status, presence or problem. Returns an unsubscribe function. */
	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		const onAwareness = () => listener();
		this.awareness.on('update', onAwareness);
		return () => {
			this.#listeners.delete(listener);
			this.awareness.off('update', onAwareness);
		};
	}

	/** Where this participant is: which sheet, which cell. */
	setFocus(sheet: string | null, cell: string | null): void {
		const local = this.awareness.getLocalState();
		if (local && (local.sheet !== sheet || local.cell !== cell)) this.awareness.setLocalState({ ...local, sheet, cell });
	}

	/** Publishes extra awareness fields (state vector, countdown) when they change. */
	publish(fields: {
		stateVector?: Record<string, number>;
		timer?: { revision: number; remainingMs: number } | null;
		storage?: StorageDurability;
	}): void {
		const local = this.awareness.getLocalState();
		if (!local) return;
		const changed = Object.entries(fields).some(([key, value]) => JSON.stringify(local[key]) !== JSON.stringify(value));
		if (changed) this.awareness.setLocalState({ ...local, ...fields });
	}

	setUser(user: PeersOptions['user']): void {
		const local = this.awareness.getLocalState();
		if (local) this.awareness.setLocalState({ ...local, user });
	}

	/** Everyone present, this device first. */
	presence(): Presence[] {
		const list: Presence[] = [];
		for (const [clientId, state] of this.awareness.getStates()) {
			const user = state.user as PeersOptions['user'] | undefined;
			if (!user || typeof user.name !== 'string') continue;
			list.push({
				clientId,
				participantId: String(user.participantId ?? ''),
				name: user.name.slice(0, 80),
				colour: typeof user.colour === 'string' ? user.colour : '#555555',
				role: typeof user.role === 'string' ? user.role : 'participant',
				sheet: typeof state.sheet === 'string' ? state.sheet : null,
				cell: typeof state.cell === 'string' ? state.cell : null,
				sync: SYNC_STATES.includes(state.sync) ? state.sync : 'connecte',
				pending: state.pending === true,
				lastSyncedAt: typeof state.lastSyncedAt === 'number' ? state.lastSyncedAt : null,
				self: clientId === this.awareness.clientID,
				stateVector: readStateVector(state.stateVector),
				timer: readPublishedTimer(state.timer),
				storage: readStorageDurability(state.storage)
			});
		}
		return list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name, 'fr'));
	}

	destroy(): void {
		for (const cleanup of this.#cleanups) cleanup();
		this.#listeners.clear();
		// y-webrtc's destroy() leaves the provider registered on its shared signaling connection; disconnect() first.
		this.#webrtc?.disconnect();
		this.#webrtc?.destroy();
		this.#relay?.destroy();
		this.#relaySocket?.destroy();
		this.awareness.destroy();
	}
}
