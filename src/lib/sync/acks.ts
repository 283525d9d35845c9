// Which of this device's edits someone else has confirmed. « Synchronisé » is only true when every
// local edit was acknowledged: by the relay (it acknowledges an update once it is on the laptop's disk)
// or by a peer whose published state vector includes it. Pure bookkeeping, no transport, no timer.
import * as Y from 'yjs';

interface Edit {
	client: number;
	/** The client's clock a peer's state vector must reach to prove it has this edit. */
	needs: number;
	/** When the edit (or the last transaction it groups) was made. */
	at: number;
}

/** Transactions closer than this make one edit, as a person counts them: a sentence typed is one answer. */
export const EDIT_GAP_MS = 1_000;

export class EditLedger {
	#edits: Edit[] = [];

	/**
	 * After a local transaction on `doc`. An edit that only deletes does not advance the clock, so no state
	 * vector can prove a peer has it: it waits for the relay, or for a later insertion a peer confirms
	 * (updates travel in order on one connection).
	 */
	record(doc: Y.Doc, clockBefore: number, now = Date.now()): void {
		const client = doc.clientID;
		const clock = Y.getState(doc.store, client);
		const needs = clock > clockBefore ? clock : clock + 1;
		const last = this.#edits.at(-1);
		if (last && last.client === client && now - last.at < EDIT_GAP_MS) {
			last.needs = Math.max(last.needs, needs);
			last.at = now;
		} else this.#edits.push({ client, needs, at: now });
	}

	/** The relay acknowledged everything sent so far. */
	confirmAll(): void {
		this.#edits = [];
	}

	/** A peer published this state vector: what it covers is confirmed. Returns true if anything was. */
	confirmVector(vector: Readonly<Record<string, number>>): boolean {
		const before = this.#edits.length;
		this.#edits = this.#edits.filter((edit) => (vector[String(edit.client)] ?? 0) < edit.needs);
		return this.#edits.length !== before;
	}

	/** Local edits nobody has confirmed yet (transactions in quick succession count as one). */
	get pending(): number {
		return this.#edits.length;
	}
}

/** A connection heard from within this window is alive: both ends beat every BEAT_MS. */
export const BEAT_MS = 1_000;
export const SILENT_MS = 3_500;

/** True when something was heard recently enough for the connection to be trusted. */
export function heardRecently(lastHeardAt: number, now: number): boolean {
	return now - lastHeardAt < SILENT_MS;
}
