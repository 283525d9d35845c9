// Sync states and presence as the UI shows them: a light module, so pages can name them without
// loading the peer stack (y-webrtc, Hocuspocus).
import { countText } from '$lib/shared/french';

/**
 * « Synchronisé » means saved on the facilitator's laptop: the relay acknowledges an edit only once it is
 * on its disk. « Partagé en direct » means the tablets around have it (WebRTC) but the laptop has not
 * confirmed it.
 */
export type SyncState = 'hors-ligne' | 'connecte' | 'partage' | 'synchronise' | 'en-attente';

/** What the badge says, from what the transports confirmed. */
export function syncState(facts: {
	/** The relay or a peer was heard from in the last seconds (a cut network closes nothing by itself). */
	connected: boolean;
	/** The relay is heard from and acknowledged every local edit: they are on the laptop's disk. */
	relayConfirmed: boolean;
	/** Local edits no one (relay or peer) has confirmed. */
	pendingEdits: number;
	/** A peer is heard from and its copy is in step with this one. */
	peersConfirmed: boolean;
}): SyncState {
	if (!facts.connected) return 'hors-ligne';
	if (facts.relayConfirmed) return 'synchronise';
	if (facts.pendingEdits > 0) return 'en-attente';
	if (facts.peersConfirmed) return 'partage';
	return 'connecte';
}

export const SYNC_STATES: readonly SyncState[] = ['hors-ligne', 'connecte', 'partage', 'synchronise', 'en-attente'];

export const SYNC_LABELS: Record<SyncState, string> = {
	'hors-ligne': 'Hors connexion',
	connecte: 'Connecté',
	partage: 'Partagé en direct',
	synchronise: 'Synchronisé',
	'en-attente': 'En attente'
};

/** The whole sentence of the badge: what the state means for what this person typed. */
export function syncSentence(status: { state: SyncState; pendingEdits: number }): string {
	switch (status.state) {
		case 'hors-ligne':
			return status.pendingEdits > 0
				? `Hors connexion — vos saisies sont gardées sur cet appareil (${countText(status.pendingEdits, 'modification')} à envoyer)`
				: 'Hors connexion — vos saisies sont gardées sur cet appareil';
		case 'en-attente':
			return `En attente — ${countText(status.pendingEdits, 'modification pas encore reçue', 'modifications pas encore reçues')} ailleurs`;
		case 'partage':
			return 'Partagé en direct — pas encore sur l’ordinateur de l’animateur';
		default:
			return SYNC_LABELS[status.state];
	}
}

export interface PeerStatus {
	state: SyncState;
	/** Some local edits are not yet confirmed by the relay or a peer. */
	pending: boolean;
	/** How many: local edits (transactions) no other device has confirmed. */
	pendingEdits: number;
	relay: 'connecte' | 'connexion' | 'deconnecte' | 'refuse';
	webrtcPeers: number;
	/** Date.now() of the last moment everything was confirmed, or null. */
	lastSyncedAt: number | null;
	/** Date.now() when the relay, once heard, fell silent (a stopped server, a cut network), or null. */
	relayLostAt: number | null;
	/** Date.now() when this device noticed the server had restarted (a new process behind the relay), or null. */
	serverRestartedAt: number | null;
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
