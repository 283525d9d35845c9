// Which of this device's edits someone else has confirmed. « Synchronisé » is only true when every
// local edit was confirmed: by the relay (its acknowledgement comes once an update is on the laptop's
// disk, and its beat carries the room's state vector) or by a peer whose published state vector includes
// it. Pure bookkeeping, no transport, no timer.
import * as Y from 'yjs';

interface Edit {
	client: number;
	/** The clock a state vector must reach to prove the edit: one more for an edit that only deletes. */
	needs: number;
	/** When the edit (or the last transaction it groups) was made. */
	at: number;
	/**
	 * The relay connection the edit was sent on as it happened (a number that changes at each reconnection),
	 * or null when the relay was not there: only that connection's acknowledgements count for it.
	 */
	sentOn: number | null;
}

/** Transactions closer than this make one edit, as a person counts them: a sentence typed is one answer. */
export const EDIT_GAP_MS = 1_000;

export class EditLedger {
	#edits: Edit[] = [];

	/**
	 * After a local transaction on `doc`. An edit that only deletes does not advance the clock, so no state
	 * vector can prove a peer has it: it waits for the relay, or for a later insertion a peer confirms
	 * (updates travel in order on one connection). `sentOn` is the live relay connection, or null.
	 */
	record(doc: Y.Doc, clockBefore: number, sentOn: number | null, now = Date.now()): void {
		const client = doc.clientID;
		const clock = Y.getState(doc.store, client);
		const needs = clock > clockBefore ? clock : clock + 1;
		const last = this.#edits.at(-1);
		if (last && last.client === client && last.sentOn === sentOn && now - last.at < EDIT_GAP_MS) {
			last.needs = Math.max(last.needs, needs);
			last.at = now;
		} else this.#edits.push({ client, needs, at: now, sentOn });
	}

	/**
	 * The relay acknowledged everything this connection sent. Edits made while it was away (held back, then
	 * sent when it came back) are not covered: Hocuspocus's count starts again at each reconnection, so a
	 * first acknowledgement can bring it to zero before they are even sent.
	 */
	confirmSentOn(connection: number): void {
		this.#edits = this.#edits.filter((edit) => edit.sentOn !== connection);
	}

	/**
	 * A peer published this state vector, or the relay's beat carried its room's: what it covers is
	 * confirmed. An edit that only deletes needs a later insertion covered. Returns true if anything was.
	 */
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
