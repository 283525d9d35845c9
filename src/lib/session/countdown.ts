// The countdown as this device shows it. The shared state (model/facilitation/timer.ts) holds the time
// left at its last change; this device notes, on its own monotonic clock, when it saw that change.
// Pure functions: the session keeps the view and gives them the clocks and the storage.
import type { TimerState } from '$lib/model/facilitation/timer';

/** The countdown as this device shows it: the shared state and when this device saw it (performance.now()). */
export interface TimerView {
	state: TimerState;
	seenAt: number;
	/** Seen as it happened, rather than found on opening (then a facilitator's published countdown wins). */
	live: boolean;
}

/** Milliseconds left at `now` on the monotonic clock of `view.seenAt`. */
export function remainingAt(view: TimerView | null, now: number): number {
	if (!view) return 0;
	if (!view.state.running) return view.state.remainingMs;
	return Math.max(0, view.state.remainingMs - Math.max(0, now - view.seenAt));
}

/** Where a device keeps, in its own storage, when it saw the atelier's countdown start. */
export const timerRecordKey = (atelierId: string): string => `atelier-minuteur-${atelierId}`;

/** The record a device stores when it sees a countdown change live (`wallNow`: its own Date.now()). */
export const timerRecord = (revision: number, wallNow: number): string => JSON.stringify({ revision, seenWall: wallNow });

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

/**
 * The view after the shared state changed (or was found on opening). `recalledAgo` is how long ago
 * this device saw that countdown start, from its own record (readTimerRecord), for a reopened device.
 * Returns the same view when nothing changed.
 */
export function nextView(
	previous: TimerView | null,
	state: TimerState | null,
	now: number,
	live: boolean,
	recalledAgo: number | null
): TimerView | null {
	if (!state) return null;
	if (previous?.state.revision === state.revision) return previous;
	if (live) return { state, seenAt: now, live: true };
	// Reopened on a device that saw this countdown start: its own wall clock, compared with itself,
	// says how long ago that was (other devices' clocks never come into it).
	return recalledAgo === null ? { state, seenAt: now, live: false } : { state, seenAt: now - recalledAgo, live: true };
}

/** A countdown a facilitator's device publishes in its awareness every 5 s, for late arrivals. */
export interface PublishedTimer {
	clientId: number;
	revision: number;
	remainingMs: number;
}

/**
 * A device that opened mid-countdown takes the remaining time a facilitator's device publishes. The
 * value found on connecting may be up to 5 s old, so it is a first estimate (`live: false`); the next
 * publication, seen as it arrives, sets the countdown for good. `lastKey` is the last publication
 * taken; returns null when there is nothing to take.
 */
export function catchUp(
	view: TimerView | null,
	published: PublishedTimer | undefined,
	lastKey: string | null,
	now: number
): { view: TimerView; key: string } | null {
	if (!view || view.live || !view.state.running || !published || published.revision !== view.state.revision) return null;
	const key = `${published.clientId}/${published.revision}/${published.remainingMs}`;
	if (key === lastKey) return null;
	return { key, view: { state: { ...view.state, remainingMs: published.remainingMs }, seenAt: now, live: lastKey !== null } };
}
