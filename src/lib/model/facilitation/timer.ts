// The atelier's countdown.
//
// The timer never compares clocks of different devices: the shared state holds the remaining time at
// the last change and whether it runs; each device notes, on its own monotonic clock, when it saw that
// change, and counts down from there. A tablet whose clock is minutes off shows the same countdown
// (up to the few milliseconds the change took to arrive).
import type * as Y from 'yjs';
import { ModelError } from '../errors.ts';
import { facilitationOf, requireFacilitator } from './roles.ts';

export interface TimerState {
	/** Milliseconds left when the state was written. */
	remainingMs: number;
	running: boolean;
	/** Bumped at every change, so devices can tell a new start from an old one. */
	revision: number;
}

const TIMER_MAX_MS = 8 * 60 * 60 * 1000;

export function readTimer(doc: Y.Doc): TimerState | null {
	const value = facilitationOf(doc).get('timer');
	if (!value || typeof value !== 'object') return null;
	const t = value as Partial<TimerState>;
	if (typeof t.remainingMs !== 'number' || typeof t.running !== 'boolean' || typeof t.revision !== 'number') return null;
	return { remainingMs: Math.max(0, Math.min(TIMER_MAX_MS, t.remainingMs)), running: t.running, revision: t.revision };
}

/**
 * What a device shows: `seenAt` is when this device saw the current state (its own monotonic clock,
 * e.g. performance.now()), `now` the same clock now.
 */
export function timerRemaining(state: TimerState, seenAt: number, now: number): number {
	if (!state.running) return state.remainingMs;
	return Math.max(0, state.remainingMs - Math.max(0, now - seenAt));
}

function writeTimer(doc: Y.Doc, state: Omit<TimerState, 'revision'>): void {
	const revision = (readTimer(doc)?.revision ?? 0) + 1;
	facilitationOf(doc).set('timer', { ...state, remainingMs: Math.round(state.remainingMs), revision });
}

export function startTimer(doc: Y.Doc, actorId: string, durationMs: number): void {
	requireFacilitator(doc, actorId);
	if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > TIMER_MAX_MS)
		throw new ModelError('La durée du minuteur doit être comprise entre 1 seconde et 8 heures.');
	writeTimer(doc, { remainingMs: durationMs, running: true });
}

/** Pauses at what this device shows now (`seenAt`/`now` on its monotonic clock). */
export function pauseTimer(doc: Y.Doc, actorId: string, seenAt: number, now: number): void {
	requireFacilitator(doc, actorId);
	const state = readTimer(doc);
	if (!state?.running) return;
	writeTimer(doc, { remainingMs: timerRemaining(state, seenAt, now), running: false });
}

export function resumeTimer(doc: Y.Doc, actorId: string): void {
	requireFacilitator(doc, actorId);
	const state = readTimer(doc);
	if (!state || state.running || state.remainingMs <= 0) return;
	writeTimer(doc, { remainingMs: state.remainingMs, running: true });
}

/** Removes the countdown from every screen. */
export function stopTimer(doc: Y.Doc, actorId: string): void {
	requireFacilitator(doc, actorId);
	facilitationOf(doc).delete('timer');
}

/** Adds time to what this device shows now. */
export function extendTimer(doc: Y.Doc, actorId: string, extraMs: number, seenAt: number, now: number): void {
	requireFacilitator(doc, actorId);
	const state = readTimer(doc);
	if (!state) throw new ModelError('Aucun minuteur à prolonger.');
	if (!Number.isFinite(extraMs) || extraMs <= 0) throw new ModelError('La prolongation doit être positive.');
	writeTimer(doc, { remainingMs: Math.min(TIMER_MAX_MS, timerRemaining(state, seenAt, now) + extraMs), running: state.running });
}
