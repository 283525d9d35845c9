// Values this device reads from outside its own code — fields other devices publish in their
// awareness, a record it left in its own storage — checked field by field: anything malformed reads
// as absent, never as a wrong number.
import { frenchTypography } from '$lib/shared/french';
import { STORAGE_DURABILITIES, type Presence, type StorageDurability } from './status.ts';

/** A peer's published state vector, or null if it is not a plain map of non-negative integers. */
export function readStateVector(value: unknown): Record<string, number> | null {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
	const out: Record<string, number> = {};
	for (const [client, clock] of Object.entries(value as Record<string, unknown>)) {
		if (!/^\d{1,10}$/.test(client) || !Number.isSafeInteger(clock) || (clock as number) < 0) return null;
		out[client] = clock as number;
	}
	return out;
}

/** A device's published storage durability, or null. */
export function readStorageDurability(value: unknown): StorageDurability | null {
	return STORAGE_DURABILITIES.find((d) => d === value) ?? null;
}

/** A facilitator device's published countdown, or null. */
export function readPublishedTimer(value: unknown): Presence['timer'] {
	if (!value || typeof value !== 'object') return null;
	const { revision, remainingMs } = value as { revision?: unknown; remainingMs?: unknown };
	return Number.isSafeInteger(revision) && typeof remainingMs === 'number' && Number.isFinite(remainingMs) && remainingMs >= 0
		? { revision: revision as number, remainingMs }
		: null;
}

/** Reads the relay's heartbeat note (`{"battement": bootId, "sv": {client: clock}}`), or null. */
export function relayBeat(payload: string): { bootId: string; vector: Record<string, number> | null } | null {
	if (!payload.startsWith('{"battement"')) return null;
	try {
		const note = JSON.parse(payload) as { battement?: unknown; sv?: unknown };
		const id = note.battement;
		return typeof id === 'string' && id.length <= 64 ? { bootId: id, vector: readStateVector(note.sv) } : null;
	} catch {
		return null;
	}
}

/** Why the relay refused this device (denied authentication or a note), as the person concerned reads it. */
export const RELAY_REFUSALS: Record<string, string> = {
	'code-not-proven': 'Le relais de l’ordinateur de l’animateur a refusé ce code d’atelier.',
	'rooms-per-address':
		'L’ordinateur de l’animateur n’accepte plus de nouvel atelier depuis cet appareil pour l’instant (trop d’ateliers créés en une heure). Vos saisies restent sur cet appareil ; réessayez plus tard.',
	'disk-quota':
		'L’espace réservé aux ateliers sur l’ordinateur de l’animateur est plein : vos nouvelles saisies restent sur cet appareil et passent aux tablettes voisines, mais l’ordinateur ne les garde plus. Prévenez l’animateur.',
	'room-crowded':
		'Trop d’appareils sont connectés à cet atelier sur l’ordinateur de l’animateur : vos saisies restent sur cet appareil et passent aux tablettes voisines ; réessayez dans un moment.',
	'room-full':
		'Cet atelier a atteint la taille maximale que l’ordinateur de l’animateur peut garder (6 Mo) : vos nouvelles saisies restent sur cet appareil mais ne sont plus enregistrées sur l’ordinateur. Exportez une sauvegarde et prévenez l’animateur.'
};

/** The French message for a relay refusal, from a denial's reason or a stateless note's JSON. */
export function relayRefusalMessage(reasonOrPayload: string): string | null {
	let reason = reasonOrPayload;
	if (reasonOrPayload.startsWith('{')) {
		try {
			const note: unknown = JSON.parse(reasonOrPayload);
			reason = typeof note === 'object' && note !== null && 'refus' in note && typeof note.refus === 'string' ? note.refus : '';
		} catch {
			return null;
		}
	}
	const message = Object.hasOwn(RELAY_REFUSALS, reason) ? RELAY_REFUSALS[reason] : undefined;
	return message ? frenchTypography(message) : null;
}
