// Values this device reads from outside its own code — fields other devices publish in their
// awareness, a record it left in its own storage — checked field by field: anything malformed reads
// as absent, never as a wrong number.
import type { Presence } from './status.ts';

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

/** A facilitator device's published countdown, or null. */
export function readPublishedTimer(value: unknown): Presence['timer'] {
	if (!value || typeof value !== 'object') return null;
	const { revision, remainingMs } = value as { revision?: unknown; remainingMs?: unknown };
	return Number.isSafeInteger(revision) && typeof remainingMs === 'number' && Number.isFinite(remainingMs) && remainingMs >= 0 ? { revision: revision as number, remainingMs } : null;
}


/**
 * How long ago (ms) this device saw the countdown of `revision` start, from the record it stored
 * (`{ revision, seenWall }`, its own wall clock), or null if the record is absent, malformed, of
 * another countdown, or not between 0 and 8 hours old.
 */
export function readTimerRecord(raw: string | null, revision: number, now: number): number | null {
	let value: unknown;
	try {
		value = JSON.parse(raw ?? 'null');
	} catch {
		return null;
	}
	if (!value || typeof value !== 'object') return null;
	const { revision: stored, seenWall } = value as { revision?: unknown; seenWall?: unknown };
	if (stored !== revision || typeof seenWall !== 'number' || !Number.isFinite(seenWall)) return null;
	const ago = now - seenWall;
	return ago >= 0 && ago < 8 * 60 * 60 * 1000 ? ago : null;
}
