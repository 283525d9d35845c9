// Peers of an atelier: a y-webrtc mesh (signaling on the atelier server's /signal) and the relay
// through the atelier server (Hocuspocus on /relay), both carrying the same Y.Doc and one shared
// awareness. A tablet syncs through whichever transport works, both at once when both do.
// No Svelte here: the atelier page wraps this in reactive state.
import { HocuspocusProvider } from '@hocuspocus/provider';
import { WebrtcProvider } from 'y-webrtc';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { frenchTypography } from '$lib/shared/french';
import type { Room } from '$lib/shared/room';
import { onDecryptFailure } from './crypto.ts';
import { onRejectedUpdate } from './guarded-yjs.ts';

export { SYNC_LABELS, type PeerStatus, type Presence, type SyncState } from './status.ts';
import { SYNC_STATES, syncState, type PeerStatus, type Presence, type StorageDurability } from './status.ts';
import { readPublishedTimer, readStateVector, readStorageDurability, relayRefusalMessage } from './received.ts';

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

/** On a LAN with host candidates only, a WebRTC connection that is not open after this will not open. */
const STALLED_MS = 8_000;

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
	#listeners = new Set<Listener>();
	#cleanups: (() => void)[] = [];
	#relayState: PeerStatus['relay'] = 'deconnecte';
	#relaySynced = false;
	#webrtcSynced = false;
	#dirty = false;
	#lastSyncedAt: number | null = null;
	#confirmed = false;
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
				maxConns: 40,
				// No public STUN server: the room has no internet. Host candidates are enough on one LAN.
				peerOpts: { config: { iceServers: [] } }
			});
			// 'peers' also lists connections still negotiating; only open data channels count.
			const onPeers = () => this.#update();
			const onSynced = (event: { synced: boolean }) => {
				this.#webrtcSynced = event.synced;
				this.#update();
			};
			this.#webrtc.on('peers', onPeers);
			this.#webrtc.on('synced', onSynced);
			this.#cleanups.push(this.#watchStalledConnections());
		}

		if (options.relay !== false) {
			this.#relay = new HocuspocusProvider({
				url: `${wsOrigin(options.origin)}/relay`,
				name: room.id,
				document: options.doc,
				awareness: this.awareness,
				token: room.token,
				onStatus: ({ status }) => {
					this.#relayState = status === 'connected' ? 'connecte' : status === 'connecting' ? 'connexion' : 'deconnecte';
					if (status !== 'connected') this.#relaySynced = false;
					this.#update();
				},
				onSynced: ({ state }) => {
					this.#relaySynced = state;
					this.#update();
				},
				onUnsyncedChanges: () => this.#update(),
				onAuthenticationFailed: ({ reason }) => {
					this.#relayState = 'refuse';
					this.problem = relayRefusalMessage(reason) ?? relayRefusalMessage('code-not-proven');
					this.#update();
				},
				onStateless: ({ payload }) => {
					const message = relayRefusalMessage(payload);
					if (message) {
						this.problem = message;
						this.#notify();
					}
				}
			});
		}

		const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin === this.#relay || (this.#webrtc && origin === this.#webrtc.room)) return;
			this.#dirty = true;
			// After the providers' own handlers: the edit leaves first, the bookkeeping follows.
			queueMicrotask(() => this.#update());
		};
		options.doc.on('update', onLocalUpdate);
		// A peer's data channel opening shows up first as its awareness state arriving.
		const onAwareness = (_changes: unknown, origin: unknown) => {
			if (origin !== 'local') this.#update();
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
			const conns = this.#webrtc?.room?.webrtcConns;
			if (!conns) return;
			const now = Date.now();
			for (const conn of conns.values()) {
				if (conn.connected || conn.closed) continue;
				const seen = firstSeen.get(conn);
				if (seen === undefined) firstSeen.set(conn, now);
				else if (now - seen > STALLED_MS) conn.peer.destroy();
			}
		}, 2_000);
		return () => clearInterval(timer);
	}

	get #webrtcPeers(): number {
		const conns = this.#webrtc?.room?.webrtcConns;
		if (!conns) return 0;
		let open = 0;
		for (const conn of conns.values()) if (conn.connected) open++;
		return open;
	}

	/** Every local edit was acknowledged by the relay, which acknowledges only what is on its disk. */
	get #relayConfirmed(): boolean {
		return this.#relayState === 'connecte' && this.#relaySynced && (this.#relay?.unsyncedChanges ?? 0) === 0;
	}

	/** Everything local is known to the relay or to a synced peer. */
	get #confirmedNow(): boolean {
		return this.#relayConfirmed || (this.#webrtcPeers > 0 && this.#webrtcSynced);
	}

	get status(): PeerStatus {
		const relayConnected = this.#relayState === 'connecte';
		const state = syncState({
			connected: relayConnected || this.#webrtcPeers > 0,
			relayConnected,
			relayConfirmed: this.#relayConfirmed,
			// With the relay there, pending means not yet acknowledged by it.
			pending: relayConnected ? (this.#relay?.unsyncedChanges ?? 0) > 0 || this.#dirty : this.#dirty,
			peersConfirmed: this.#confirmedNow
		});
		return {
			state,
			pending: this.#dirty,
			relay: this.#relayState,
			webrtcPeers: this.#webrtcPeers,
			lastSyncedAt: this.#lastSyncedAt
		};
	}

	#update(): void {
		if (this.#confirmedNow) {
			if (this.#dirty || this.#lastSyncedAt === null || !this.#confirmed) this.#lastSyncedAt = Date.now();
			this.#dirty = false;
			this.#confirmed = true;
		} else this.#confirmed = false;
		const status = this.status;
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
		this.#notify();
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
		this.#webrtc?.destroy();
		this.#relay?.destroy();
		this.awareness.destroy();
	}
}
