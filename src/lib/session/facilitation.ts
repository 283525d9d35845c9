// The facilitation of the open atelier as the screens use it: what everyone sees (rules, votes, agenda,
// follow-me) read reactively, and the facilitator's intents. Every intent goes through the session's
// write gate; the model refuses those this person's role does not allow (a refusal the session shows).
import type * as Y from 'yjs';
import { facilitation, newId } from '$lib/model';
import type { AgendaItem, AgendaView, Permission, Permissions, Rule, SheetRule, VotingState } from '$lib/model/facilitation/index';
import type { TimerView } from './countdown.ts';

/** What the session gives the controls: the document (read), who acts, the countdown this device shows, and the gate. */
export interface FacilitationContext {
	/** Reads the document; reading it makes the caller depend on the document's version. */
	read<T>(reader: (doc: Y.Doc, me: string) => T): T;
	write(operation: (doc: Y.Doc, me: string) => void): boolean;
	timer(): TimerView | null;
}

/** A step to add to the agenda (its id is given here). */
export type NewAgendaStep = Omit<AgendaItem, 'id' | 'rule'> & { rule?: Rule };

export class FacilitationControls {
	#context: FacilitationContext;

	constructor(context: FacilitationContext) {
		this.#context = context;
	}

	// ---- what everyone sees ----

	rule(sheetId: string): SheetRule {
		return this.#context.read((doc) => facilitation.readSheetRule(doc, sheetId));
	}

	voting(sheetId: string): VotingState | null {
		return this.#context.read((doc) => facilitation.readVoting(doc, sheetId));
	}

	get agenda(): AgendaView {
		return this.#context.read((doc) => facilitation.readAgenda(doc));
	}

	get follow(): { sheetId: string; section: string | null; at: number } | null {
		return this.#context.read((doc) => facilitation.readFollow(doc));
	}

	/** The animateur or a co-animateur they named. */
	facilitates(participantId: string): boolean {
		return this.#context.read((doc) => facilitation.isFacilitator(doc, participantId));
	}

	/** Whether this person may see the sheet's vote results now. */
	seesVotes(sheetId: string): boolean {
		return this.#context.read((doc, me) => facilitation.canSeeVotes(doc, me, sheetId));
	}

	/** Whether the sheet has items a dot-vote can target (a grid's questions, a basket's clauses). */
	votable(sheetId: string): boolean {
		return this.#context.read((doc) => facilitation.voteTargets(doc, sheetId).length > 0);
	}

	/** The sheet's items by number of dots, with their labels. */
	voteResults(sheetId: string): { itemId: string; label: string; dots: number; voters: number }[] {
		return this.#context.read((doc) => facilitation.rankedVotes(doc, sheetId));
	}

	/** This person's dots on an item, and on the whole sheet. */
	myDots(sheetId: string, itemId: string): { mine: number; used: number } {
		return this.#context.read((doc, me) => ({
			mine: facilitation.myDots(doc, me, sheetId, itemId),
			used: facilitation.dotsUsedOn(doc, me, sheetId)
		}));
	}

	// ---- intents ----

	castVote(sheetId: string, itemId: string, delta: 1 | -1): boolean {
		return this.#context.write((doc, me) => facilitation.castVote(doc, me, sheetId, itemId, delta));
	}

	setRule(sheetId: string, patch: Partial<SheetRule>): boolean {
		return this.#context.write((doc, me) => facilitation.setSheetRule(doc, me, sheetId, patch));
	}

	applyRule(sheetId: string, rule: Rule): boolean {
		return this.#context.write((doc, me) => facilitation.applyRule(doc, me, sheetId, rule));
	}

	setVoting(sheetId: string, patch: Partial<VotingState>): boolean {
		return this.#context.write((doc, me) => facilitation.setVoting(doc, me, sheetId, patch));
	}

	/** Brings everyone to a sheet (and a section of it). */
	bringEveryone(sheetId: string, section: string | null = null): boolean {
		return this.#context.write((doc, me) => facilitation.setFollow(doc, me, sheetId, section));
	}

	/** What participants may do besides filling sheets. */
	get permissions(): Permissions {
		return this.#context.read((doc) => facilitation.readPermissions(doc));
	}

	allow(permission: Permission, allowed: boolean): boolean {
		return this.#context.write((doc, me) => facilitation.setPermission(doc, me, permission, allowed));
	}

	nameCoFacilitator(participantId: string, named: boolean): boolean {
		return this.#context.write((doc, me) => facilitation.setCoFacilitator(doc, me, participantId, named));
	}

	startTimer(durationMs: number): boolean {
		return this.#context.write((doc, me) => facilitation.startTimer(doc, me, durationMs));
	}

	/** Pauses at what this device shows now. */
	pauseTimer(): boolean {
		const seenAt = this.#context.timer()?.seenAt ?? 0;
		return this.#context.write((doc, me) => facilitation.pauseTimer(doc, me, seenAt, performance.now()));
	}

	resumeTimer(): boolean {
		return this.#context.write((doc, me) => facilitation.resumeTimer(doc, me));
	}

	/** Adds time to what this device shows now. */
	extendTimer(extraMs: number): boolean {
		const seenAt = this.#context.timer()?.seenAt ?? 0;
		return this.#context.write((doc, me) => facilitation.extendTimer(doc, me, extraMs, seenAt, performance.now()));
	}

	stopTimer(): boolean {
		return this.#context.write((doc, me) => facilitation.stopTimer(doc, me));
	}

	setAgendaStart(start: string): boolean {
		return this.#context.write((doc, me) => facilitation.setAgendaStart(doc, me, start));
	}

	/** Adds steps at the end of the agenda, as one change. */
	addAgendaSteps(steps: readonly NewAgendaStep[]): boolean {
		return this.#context.write((doc, me) => {
			// Every step is checked before the first is written: a transaction cannot be undone.
			for (const step of steps) facilitation.checkAgendaItem(step);
			for (const step of steps) facilitation.addAgendaItem(doc, me, { ...step, id: newId() });
		});
	}

	updateAgendaStep(id: string, patch: Partial<Pick<AgendaItem, 'title' | 'durationMin' | 'sheetId' | 'rule'>>): boolean {
		return this.#context.write((doc, me) => facilitation.updateAgendaItem(doc, me, id, patch));
	}

	moveAgendaStep(id: string, to: number): boolean {
		return this.#context.write((doc, me) => facilitation.moveAgendaItem(doc, me, id, to));
	}

	removeAgendaStep(id: string): boolean {
		return this.#context.write((doc, me) => facilitation.removeAgendaItem(doc, me, id));
	}

	/** Starts a step: current step, everyone on its sheet, its rule, its timer. */
	startAgendaStep(id: string): boolean {
		return this.#context.write((doc, me) => facilitation.startAgendaStep(doc, me, id));
	}
}
