// What this device reports to the others and what the facilitator's laptop makes of their reports.
//
// Published: the device's state vector (so the laptop can tell whether it holds unseen edits) and, on a
// facilitator's device, the countdown it shows (for devices that open mid-countdown).
//
// Sync receipts: before the facilitator closes the atelier, they see for every device that took part
// when it last had nothing this laptop lacked, and whether it still holds edits this laptop has not
// received. Measured on the laptop's own clock from the state vectors the devices publish in their
// awareness, so tablets' clocks do not matter. Pure functions: the session keeps and stores them.

import type { StorageDurability } from '$lib/sync/status';
import { remainingAt, type TimerView } from './countdown.ts';

/** What a device publishes in its awareness (see sync/received.ts for how the others read it). */
export interface Publication {
	stateVector: Record<string, number>;
	timer: { revision: number; remainingMs: number } | null;
	/** Once known: whether the browser keeps this device's copy. */
	storage?: StorageDurability;
}

/** This device's publication: its state vector and, for a facilitator, the countdown it shows at `now`. */
export function publication(
	stateVector: ReadonlyMap<number, number>,
	timer: TimerView | null,
	facilitator: boolean,
	now: number,
	storage?: StorageDurability
): Publication {
	return {
		...(storage ? { storage } : {}),
		stateVector: Object.fromEntries(stateVector),
		timer: timer && facilitator ? { revision: timer.state.revision, remainingMs: Math.round(remainingAt(timer, now)) } : null
	};
}

/** A facilitator's device republishes a running countdown this often, for late arrivals. */
export const TIMER_BEAT_MS = 5_000;
/** Other changes are published at most this often (the state vector grows at every keystroke). */
export const PUBLISH_DELAY_MS = 1_000;
/** Receipts are stored at most this often, so the list survives a reload of the laptop. */
export const RECEIPTS_SAVE_MS = 5_000;

export interface Receipt {
	participantId: string;
	name: string;
	/** Laptop time (ms) when this device last had no edit the laptop lacked, or null if never. */
	lastCompleteAt: number | null;
	/** At last contact, the device held edits the laptop had not received. */
	unseen: boolean;
	/** Laptop time (ms) of the last awareness seen from the device. */
	lastContactAt: number;
	present: boolean;
}

/** True when `remote` (a peer's state vector) has an edit `local` lacks. */
export function holdsUnseen(local: ReadonlyMap<number, number>, remote: Readonly<Record<string, number>>): boolean {
	return Object.entries(remote).some(([client, clock]) => (local.get(Number(client)) ?? 0) < clock);
}

export interface DeviceSeen {
	participantId: string;
	name: string;
	self: boolean;
	stateVector: Record<string, number> | null;
}

/** The receipts after seeing the devices present now; devices that left keep their last receipt. */
export function updateReceipts(
	previous: Readonly<Record<string, Receipt>>,
	devices: readonly DeviceSeen[],
	local: ReadonlyMap<number, number>,
	now: number
): Record<string, Receipt> {
	const next: Record<string, Receipt> = {};
	for (const [id, receipt] of Object.entries(previous)) next[id] = { ...receipt, present: false };
	for (const device of devices) {
		if (device.self || !device.participantId || !device.stateVector) continue;
		const before = next[device.participantId];
		const unseen = holdsUnseen(local, device.stateVector);
		next[device.participantId] = {
			participantId: device.participantId,
			name: device.name,
			lastCompleteAt: unseen ? (before?.lastCompleteAt ?? null) : now,
			unseen,
			lastContactAt: now,
			present: true
		};
	}
	return next;
}

/** Receipts read back from storage: anything malformed is dropped. */
export function readReceipts(value: unknown): Record<string, Receipt> {
	if (!value || typeof value !== 'object') return {};
	const out: Record<string, Receipt> = {};
	for (const [id, r] of Object.entries(value as Record<string, Partial<Receipt>>)) {
		if (!r || typeof r.name !== 'string' || typeof r.lastContactAt !== 'number' || typeof r.unseen !== 'boolean') continue;
		out[id] = {
			participantId: id,
			name: r.name,
			lastCompleteAt: typeof r.lastCompleteAt === 'number' ? r.lastCompleteAt : null,
			unseen: r.unseen,
			lastContactAt: r.lastContactAt,
			present: false
		};
	}
	return out;
}
