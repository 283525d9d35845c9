// Sync states and presence as the UI shows them: a light module, so pages can name them without
// loading the peer stack (y-webrtc, Hocuspocus).

/**
 * « Synchronisé » means saved on the facilitator's laptop: the relay acknowledges an edit only once it is
 * on its disk. « Partagé en direct » means the tablets around have it (WebRTC) but the laptop has not
 * confirmed it.
 */
export type SyncState = 'hors-ligne' | 'connecte' | 'partage' | 'synchronise' | 'en-attente';

/** What the badge says, from what the transports confirmed. */
export function syncState(facts: {
	connected: boolean;
	relayConnected: boolean;
	relayConfirmed: boolean;
	pending: boolean;
	peersConfirmed: boolean;
}): SyncState {
	if (!facts.connected) return 'hors-ligne';
	// Only the relay's acknowledgement means « on the laptop's disk ».
	if (facts.relayConfirmed) return 'synchronise';
	// With the relay there, an edit waits for its acknowledgement (a few milliseconds): the badge must not
	// flash « Partagé en direct » on every keystroke.
	if (facts.relayConnected) return facts.pending ? 'en-attente' : 'connecte';
	if (facts.pending) return 'en-attente';
	if (facts.peersConfirmed) return 'partage';
	return 'connecte';
}

export const SYNC_STATES: readonly SyncState[] = ['hors-ligne', 'connecte', 'partage', 'synchronise', 'en-attente'];

export const SYNC_LABELS: Record<SyncState, string> = {
	'hors-ligne': 'Hors ligne',
	connecte: 'Connecté',
	partage: 'Partagé en direct',
	synchronise: 'Synchronisé',
	'en-attente': 'En attente'
};

export interface PeerStatus {
	state: SyncState;
	/** Local edits not yet confirmed by the relay or a peer. */
	pending: boolean;
	relay: 'connecte' | 'connexion' | 'deconnecte' | 'refuse';
	webrtcPeers: number;
	/** Date.now() of the last moment everything was confirmed, or null. */
	lastSyncedAt: number | null;
}

export interface Presence {
	clientId: number;
	participantId: string;
	name: string;
	colour: string;
	role: string;
	sheet: string | null;
	cell: string | null;
	sync: SyncState;
	pending: boolean;
	lastSyncedAt: number | null;
	self: boolean;
	/** The device's Yjs state vector (client id → clock), for sync receipts. */
	stateVector: Record<string, number> | null;
	/** A facilitator's device publishes its countdown, so late or reloaded devices can catch up. */
	timer: { revision: number; remainingMs: number } | null;
	/** Whether the browser keeps this device's copy for good (null: not said, an older version). */
	storage: StorageDurability | null;
}

/**
 * How long a device's copy of the atelier lasts: `persisted` (the browser will not evict it), `best-effort`
 * (it may, under storage pressure or, on Safari, after days without a visit), `unavailable` (the browser
 * cannot promise anything here: a plain-HTTP LAN page has no navigator.storage).
 */
export type StorageDurability = 'persisted' | 'best-effort' | 'unavailable';
export const STORAGE_DURABILITIES: readonly StorageDurability[] = ['persisted', 'best-effort', 'unavailable'];
