// Dot-votes: each participant's dots are their own map, so concurrent votes never collide.
import * as Y from 'yjs';
import { ModelError } from '../errors.ts';
import { getSheet, readRoster, sheetType } from '../atelier.ts';
import * as basket from '../basket.ts';
import * as grid from '../grid.ts';
import { childMap, facilitationOf, isFacilitator, requireFacilitator } from './roles.ts';
import { canEdit } from './rules.ts';

const votesOf = (doc: Y.Doc) => childMap<Y.Map<number>>(doc, 'votes');

/** Reading never creates anything in the doc. */
function existingVotes(doc: Y.Doc): Y.Map<Y.Map<number>> | null {
	const map = facilitationOf(doc).get('votes');
	return map instanceof Y.Map ? (map as Y.Map<Y.Map<number>>) : null;
}

/** Each participant's dots are their own map (target → dots), so concurrent votes never collide. */
function ballot(doc: Y.Doc, participantId: string): Y.Map<number> {
	const votes = votesOf(doc);
	let own = votes.get(participantId);
	if (!own) {
		own = new Y.Map<number>();
		votes.set(participantId, own);
	}
	return own;
}

export function dotsUsed(doc: Y.Doc, participantId: string): number {
	const own = existingVotes(doc)?.get(participantId);
	if (!own) return 0;
	let used = 0;
	for (const value of own.values()) if (Number.isInteger(value) && value > 0) used += value;
	return used;
}

/** Adds (+1) or removes (−1) one dot on a target (a grid row, a clause, an idea), within the budget. */
export function vote(doc: Y.Doc, participantId: string, target: string, delta: 1 | -1, budget: number): void {
	if (!readRoster(doc).some((p) => p.id === participantId)) throw new ModelError('Participant inconnu.');
	const own = ballot(doc, participantId);
	const current = own.get(target) ?? 0;
	if (delta > 0 && dotsUsed(doc, participantId) >= budget)
		throw new ModelError(`Vous avez déjà utilisé vos ${budget} gommettes : retirez-en une pour voter ailleurs.`);
	if (delta < 0 && current <= 0) return;
	if (current + delta === 0) own.delete(target);
	else own.set(target, current + delta);
}

/** A dot-vote on a sheet's items: each participant has `budget` dots for this sheet. */
export interface VotingState {
	budget: number;
	open: boolean;
	/** Results shown to everyone (the facilitator sees them live). */
	revealed: boolean;
}

const votingOf = (doc: Y.Doc) => childMap<VotingState>(doc, 'voting');

export function readVoting(doc: Y.Doc, sheetId: string): VotingState | null {
	const value = (facilitationOf(doc).get('voting') as Y.Map<VotingState> | undefined)?.get(sheetId);
	if (!value || typeof value !== 'object' || !Number.isInteger(value.budget) || value.budget < 1) return null;
	return { budget: Math.min(value.budget, VOTE_BUDGET_MAX), open: value.open === true, revealed: value.revealed === true };
}

export const VOTE_BUDGET_MAX = 20;

/** Opens, closes, reveals a dot-vote on a sheet, or changes its budget. */
export function setVoting(doc: Y.Doc, actorId: string, sheetId: string, patch: Partial<VotingState>): void {
	requireFacilitator(doc, actorId);
	const current = readVoting(doc, sheetId) ?? { budget: 3, open: false, revealed: false };
	const next = { ...current, ...patch };
	if (!Number.isInteger(next.budget) || next.budget < 1 || next.budget > VOTE_BUDGET_MAX)
		throw new ModelError(`Le nombre de gommettes par personne doit être compris entre 1 et ${VOTE_BUDGET_MAX}.`);
	votingOf(doc).set(sheetId, next);
}

const target = (sheetId: string, itemId: string) => `${sheetId}/${itemId}`;

/** Dots a participant has placed on a sheet's items. */
export function dotsUsedOn(doc: Y.Doc, participantId: string, sheetId: string): number {
	const own = existingVotes(doc)?.get(participantId);
	if (!own) return 0;
	let used = 0;
	for (const [key, value] of own.entries()) if (key.startsWith(`${sheetId}/`) && Number.isInteger(value) && value > 0) used += value;
	return used;
}

/** A participant's dots on one item. */
export function myDots(doc: Y.Doc, participantId: string, sheetId: string, itemId: string): number {
	const value = existingVotes(doc)?.get(participantId)?.get(target(sheetId, itemId));
	return Number.isInteger(value) && (value as number) > 0 ? (value as number) : 0;
}

/** Places (+1) or takes back (−1) one dot on an item of a sheet whose vote is open, within its budget. */
export function castVote(doc: Y.Doc, participantId: string, sheetId: string, itemId: string, delta: 1 | -1): void {
	const voting = readVoting(doc, sheetId);
	if (!voting?.open) throw new ModelError('Le vote n’est pas ouvert sur cette fiche.');
	if (!canEdit(doc, participantId, sheetId)) throw new ModelError('Cette fiche est verrouillée par l’animateur.');
	const own = ballot(doc, participantId);
	const key = target(sheetId, itemId);
	const current = own.get(key) ?? 0;
	if (delta > 0 && dotsUsedOn(doc, participantId, sheetId) >= voting.budget)
		throw new ModelError(`Vous avez déjà placé vos ${voting.budget} gommettes : retirez-en une pour voter ailleurs.`);
	if (delta < 0 && current <= 0) return;
	if (current + delta === 0) own.delete(key);
	else own.set(key, current + delta);
}

/** Whether a viewer may see a sheet's vote results: the facilitator always, everyone after the reveal. */
export function canSeeVotes(doc: Y.Doc, viewerId: string, sheetId: string): boolean {
	return isFacilitator(doc, viewerId) || readVoting(doc, sheetId)?.revealed === true;
}

/** A sheet's items by number of dots, most first. */
export function sheetVoteResults(
	doc: Y.Doc,
	sheetId: string,
	itemIds: readonly string[]
): { itemId: string; dots: number; voters: number }[] {
	return voteResults(
		doc,
		itemIds.map((id) => target(sheetId, id))
	).map(({ target: t, dots, voters }) => ({ itemId: t.slice(sheetId.length + 1), dots, voters }));
}

/** What a dot-vote can target on a sheet: its questions (numbered) on a grid, its clauses in a basket. */
export function voteTargets(doc: Y.Doc, sheetId: string): { id: string; label: string }[] {
	let sheet: Y.Map<unknown>;
	try {
		sheet = getSheet(doc, sheetId);
	} catch {
		return [];
	}
	const type = sheetType(sheet);
	if (type === 'grid') return grid.readGrid(sheet).rows.map((row, i) => ({ id: row.id, label: `${i + 1}. ${row.question}` }));
	if (type === 'clauses') return basket.readBasket(sheet).map((item) => ({ id: item.clauseId, label: item.title }));
	return [];
}

/** A sheet's vote targets by number of dots, most first, with their labels. */
export function rankedVotes(doc: Y.Doc, sheetId: string): { itemId: string; label: string; dots: number; voters: number }[] {
	const targets = voteTargets(doc, sheetId);
	const labels = new Map(targets.map((t) => [t.id, t.label]));
	return sheetVoteResults(
		doc,
		sheetId,
		targets.map((t) => t.id)
	).map((r) => ({ ...r, label: labels.get(r.itemId) ?? '' }));
}

/** Targets by number of dots, most first (ties in target order given). */
export function voteResults(doc: Y.Doc, targets: readonly string[]): { target: string; dots: number; voters: number }[] {
	const totals = new Map(targets.map((t) => [t, { dots: 0, voters: 0 }]));
	for (const own of existingVotes(doc)?.values() ?? []) {
		if (!(own instanceof Y.Map)) continue;
		for (const [target, value] of own.entries()) {
			const total = totals.get(target);
			if (!total || !Number.isInteger(value) || value <= 0) continue;
			total.dots += value;
			total.voters += 1;
		}
	}
	return [...totals.entries()]
		.map(([target, t]) => ({ target, ...t }))
		.sort((a, b) => b.dots - a.dots || targets.indexOf(a.target) - targets.indexOf(b.target));
}
