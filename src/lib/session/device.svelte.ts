// What one device keeps about the room, apart from the document: the countdown as it sees it (on its
// own clock, remembered across reloads) and what it reports to the others (its state vector, and on a
// facilitator's device the countdown and the receipts of every device). The pure rules are in
// countdown.ts and reporting.ts; these classes hold the state and the timers.
import type { TimerState } from '$lib/model/facilitation/timer';
import type { StorageDurability } from '$lib/sync/status';
import {
	catchUp,
	nextView,
	readTimerRecord,
	remainingAt,
	timerRecord,
	timerRecordKey,
	type PublishedTimer,
	type TimerView
} from './countdown.ts';
import {
	publication,
	PUBLISH_DELAY_MS,
	RECEIPTS_SAVE_MS,
	TIMER_BEAT_MS,
	updateReceipts,
	type DeviceSeen,
	type Publication,
	type Receipt
} from './reporting.ts';

/** The countdown as this device shows it. */
export class CountdownWatch {
	view = $state.raw<TimerView | null>(null);
	#key: string;
	/** The last facilitator's publication taken (see countdown.catchUp). */
	#published: string | null = null;

	constructor(atelierId: string) {
		this.#key = timerRecordKey(atelierId);
	}

	/** The shared state, seen as it changed (`live`) or found on opening. True when a new countdown was seen live. */
	seen(state: TimerState | null, live: boolean): boolean {
		const previous = this.view;
		const recalled = !live && state ? this.#recall(state.revision) : null;
		const next = nextView(previous, state, performance.now(), live, recalled);
		if (next === previous) return false;
		this.view = next;
		if (!next || !live) return false;
		this.#remember(next.state.revision);
		return true;
	}

	/** A device that opened mid-countdown takes the remaining time a facilitator's device publishes. */
	catchUp(published: PublishedTimer | undefined): void {
		const caught = catchUp(this.view, published, this.#published, performance.now());
		if (!caught) return;
		this.#published = caught.key;
		this.view = caught.view;
	}

	/** Milliseconds left now, on this device's monotonic clock. */
	remaining(now = performance.now()): number {
		return remainingAt(this.view, now);
	}

	#remember(revision: number): void {
		try {
			localStorage.setItem(this.#key, timerRecord(revision, Date.now()));
		} catch {
			// No storage (private mode, quota): a reload then catches up from the facilitator's device.
		}
	}

	#recall(revision: number): number | null {
		try {
			return readTimerRecord(localStorage.getItem(this.#key), revision, Date.now());
		} catch {
			return null;
		}
	}
}

/** What the session gives the report: the peers, the document's state vector, who is here. */
export interface ReportingContext {
	publish(publication: Publication): void;
	connected(): boolean;
	stateVector(): Map<number, number>;
	timer(): TimerView | null;
	facilitator(): boolean;
	/** Whether the browser keeps this device's copy, once asked. */
	storage(): StorageDurability | undefined;
	presence(): readonly DeviceSeen[];
	save(receipts: Record<string, Receipt>): Promise<void>;
}

/** This device's reports to the others and, on a facilitator's device, the receipts it keeps. */
export class DeviceReport {
	/** Facilitator only: every device that took part, and whether the laptop has all its edits. */
	receipts = $state.raw<Record<string, Receipt>>({});
	#context: ReportingContext;
	#scheduled: ReturnType<typeof setTimeout> | null = null;
	#savedAt = 0;
	#closed = false;
	#beat: ReturnType<typeof setInterval>;

	constructor(context: ReportingContext, stored: Record<string, Receipt>) {
		this.#context = context;
		this.receipts = stored;
		// While a countdown runs, a facilitator's device republishes it for late arrivals.
		this.#beat = setInterval(() => {
			if (context.timer()?.state.running && context.facilitator()) this.publish();
		}, TIMER_BEAT_MS);
	}

	/** After a change of the document: publish soon (the state vector grows at every keystroke). */
	changed(): void {
		// An edit that arrives after a device's published state vector settles its receipt.
		if (Object.values(this.receipts).some((r) => r.unseen)) this.note();
		if (this.#scheduled || !this.#context.connected()) return;
		this.#scheduled = setTimeout(() => {
			this.#scheduled = null;
			this.publish();
		}, PUBLISH_DELAY_MS);
	}

	publish(): void {
		if (this.#closed || !this.#context.connected()) return;
		const context = this.#context;
		context.publish(publication(context.stateVector(), context.timer(), context.facilitator(), performance.now(), context.storage()));
	}

	/** On a facilitator's device: the receipts after seeing the devices present now. */
	note(): void {
		if (!this.#context.connected() || !this.#context.facilitator()) return;
		this.receipts = updateReceipts(this.receipts, this.#context.presence(), this.#context.stateVector(), Date.now());
		// Stored now and then, so the list survives a reload of the laptop.
		if (Date.now() - this.#savedAt < RECEIPTS_SAVE_MS) return;
		this.#savedAt = Date.now();
		void this.#context.save(this.receipts).catch(() => undefined);
	}

	async close(): Promise<void> {
		this.#closed = true;
		clearInterval(this.#beat);
		if (this.#scheduled) clearTimeout(this.#scheduled);
		if (this.#context.facilitator() && Object.keys(this.receipts).length > 0)
			await this.#context.save(this.receipts).catch(() => undefined);
	}
}
