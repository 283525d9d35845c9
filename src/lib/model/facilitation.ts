// Facilitation state shared by every device (issue 6, first part: roles, timer, dot-votes). Pure Yjs.
//
// The timer never compares clocks of different devices: the shared state holds the remaining time at
// the last change and whether it runs; each device notes, on its own monotonic clock, when it saw that
// change, and counts down from there. A tablet whose clock is minutes off shows the same countdown
// (up to the few milliseconds the change took to arrive).
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { getSheet, readRoster, sheetType } from './atelier.ts';
import * as basket from './basket.ts';
import * as grid from './grid.ts';

const facilitationOf = (doc: Y.Doc) => doc.getMap<unknown>('facilitation');

/** A map inside the facilitation state, created on first write. */
function childMap<T>(doc: Y.Doc, key: string): Y.Map<T> {
	const f = facilitationOf(doc);
	let map = f.get(key);
	if (!(map instanceof Y.Map)) {
		map = new Y.Map<T>();
		f.set(key, map);
	}
	return map as Y.Map<T>;
}

const coFacilitators = (doc: Y.Doc) => childMap<boolean>(doc, 'coFacilitators');

/** The atelier's animateurs (role in the roster) and the co-animateurs they named. */
export function isFacilitator(doc: Y.Doc, participantId: string): boolean {
	const person = readRoster(doc).find((p) => p.id === participantId);
	if (!person) return false;
	if (person.role === 'animateur') return true;
	const named = facilitationOf(doc).get('coFacilitators');
	return named instanceof Y.Map && named.get(participantId) === true;
}

function requireFacilitator(doc: Y.Doc, actorId: string): void {
	if (!isFacilitator(doc, actorId)) throw new ModelError('Seul l’animateur ou un co-animateur peut faire cela.');
}

/** An animateur names (or un-names) a co-animateur. */
export function setCoFacilitator(doc: Y.Doc, actorId: string, participantId: string, named: boolean): void {
	requireFacilitator(doc, actorId);
	if (!readRoster(doc).some((p) => p.id === participantId)) throw new ModelError('Participant inconnu.');
	if (named) coFacilitators(doc).set(participantId, true);
	else coFacilitators(doc).delete(participantId);
}

// ---- timer ----

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
	if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > TIMER_MAX_MS) throw new ModelError('La durée du minuteur doit être comprise entre 1 seconde et 8 heures.');
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

// ---- dot-votes ----

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
	if (delta > 0 && dotsUsed(doc, participantId) >= budget) throw new ModelError(`Vous avez déjà utilisé vos ${budget} gommettes : retirez-en une pour voter ailleurs.`);
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
	if (!Number.isInteger(next.budget) || next.budget < 1 || next.budget > VOTE_BUDGET_MAX) throw new ModelError(`Le nombre de gommettes par personne doit être compris entre 1 et ${VOTE_BUDGET_MAX}.`);
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
	if (delta > 0 && dotsUsedOn(doc, participantId, sheetId) >= voting.budget) throw new ModelError(`Vous avez déjà placé vos ${voting.budget} gommettes : retirez-en une pour voter ailleurs.`);
	if (delta < 0 && current <= 0) return;
	if (current + delta === 0) own.delete(key);
	else own.set(key, current + delta);
}

/** Whether a viewer may see a sheet's vote results: the facilitator always, everyone after the reveal. */
export function canSeeVotes(doc: Y.Doc, viewerId: string, sheetId: string): boolean {
	return isFacilitator(doc, viewerId) || readVoting(doc, sheetId)?.revealed === true;
}

/** A sheet's items by number of dots, most first. */
export function sheetVoteResults(doc: Y.Doc, sheetId: string, itemIds: readonly string[]): { itemId: string; dots: number; voters: number }[] {
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
	return [...totals.entries()].map(([target, t]) => ({ target, ...t })).sort((a, b) => b.dots - a.dots || targets.indexOf(a.target) - targets.indexOf(b.target));
}

// ---- sheet rules (lock, hidden answers until reveal, anonymity) and follow-me ----

export const RULES = ['ouvert', 'verrouille', 'masque', 'anonyme'] as const;
export type Rule = (typeof RULES)[number];
export const RULE_LABELS: Record<Rule, string> = { ouvert: 'Ouvert', verrouille: 'Verrouillé', masque: 'Réponses masquées jusqu’au dévoilement', anonyme: 'Anonyme' };

export interface SheetRule {
	locked: boolean;
	/** Individual answers hidden from other participants until the facilitator reveals them. */
	hidden: boolean;
	anonymous: boolean;
}

const OPEN: SheetRule = { locked: false, hidden: false, anonymous: false };

const rulesOf = (doc: Y.Doc) => childMap<SheetRule>(doc, 'rules');

export function readSheetRule(doc: Y.Doc, sheetId: string): SheetRule {
	const value = (facilitationOf(doc).get('rules') as Y.Map<SheetRule> | undefined)?.get(sheetId);
	if (!value || typeof value !== 'object') return OPEN;
	return { locked: value.locked === true, hidden: value.hidden === true, anonymous: value.anonymous === true };
}

export function setSheetRule(doc: Y.Doc, actorId: string, sheetId: string, patch: Partial<SheetRule>): void {
	requireFacilitator(doc, actorId);
	rulesOf(doc).set(sheetId, { ...readSheetRule(doc, sheetId), ...patch });
}

/** Applies one of the agenda's rules to a sheet. */
export function applyRule(doc: Y.Doc, actorId: string, sheetId: string, rule: Rule): void {
	setSheetRule(doc, actorId, sheetId, { locked: rule === 'verrouille', hidden: rule === 'masque', anonymous: rule === 'anonyme' });
}

/** Whether a participant may edit a sheet now (a locked sheet is read-only for participants). */
export function canEdit(doc: Y.Doc, participantId: string, sheetId: string): boolean {
	return !readSheetRule(doc, sheetId).locked || isFacilitator(doc, participantId);
}

/** Whether `viewerId` may see what `authorId` answered on a sheet (hidden until the reveal). */
export function canSeeAnswerOf(doc: Y.Doc, viewerId: string, authorId: string, sheetId: string): boolean {
	return viewerId === authorId || !readSheetRule(doc, sheetId).hidden || isFacilitator(doc, viewerId);
}

/** Follow-me: the sheet (and optional section) the facilitator brings everyone to, or null. */
export function setFollow(doc: Y.Doc, actorId: string, sheetId: string | null, section: string | null = null): void {
	requireFacilitator(doc, actorId);
	facilitationOf(doc).set('follow', sheetId ? { sheetId, section, at: ((facilitationOf(doc).get('follow') as { at?: number } | undefined)?.at ?? 0) + 1 } : null);
}

export function readFollow(doc: Y.Doc): { sheetId: string; section: string | null; at: number } | null {
	const value = facilitationOf(doc).get('follow') as { sheetId?: unknown; section?: unknown; at?: unknown } | null | undefined;
	if (!value || typeof value.sheetId !== 'string') return null;
	return { sheetId: value.sheetId, section: typeof value.section === 'string' ? value.section : null, at: typeof value.at === 'number' ? value.at : 0 };
}

// ---- agenda ----

export interface AgendaItem {
	id: string;
	title: string;
	durationMin: number;
	formatId?: string;
	sheetId?: string;
	rule: Rule;
}

export interface AgendaView {
	start: string;
	items: (AgendaItem & { startsAt: string; endsAt: string; current: boolean })[];
	totalMin: number;
	endsAt: string;
}

function agendaOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
	return doc.getArray<Y.Map<unknown>>('agenda');
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function clock(minutes: number): string {
	const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function checkDuration(minutes: number): number {
	if (!Number.isInteger(minutes) || minutes < 1 || minutes > 480) throw new ModelError('La durée d’une séquence doit être un nombre entier de minutes, de 1 à 480.');
	return minutes;
}

export function setAgendaStart(doc: Y.Doc, actorId: string, start: string): void {
	requireFacilitator(doc, actorId);
	if (!TIME.test(start)) throw new ModelError('L’heure de début doit être au format HH:MM.');
	facilitationOf(doc).set('agendaStart', start);
}

export function addAgendaItem(doc: Y.Doc, actorId: string, item: Omit<AgendaItem, 'id' | 'rule'> & { id: string; rule?: Rule }): void {
	requireFacilitator(doc, actorId);
	const title = item.title.trim();
	if (!title) throw new ModelError('Donnez un titre à la séquence.');
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		entry.set('id', item.id);
		entry.set('title', title.slice(0, 120));
		entry.set('durationMin', checkDuration(item.durationMin));
		if (item.formatId) entry.set('formatId', item.formatId);
		if (item.sheetId) entry.set('sheetId', item.sheetId);
		entry.set('rule', item.rule && (RULES as readonly string[]).includes(item.rule) ? item.rule : 'ouvert');
		agendaOf(doc).push([entry]);
	});
}

function findItem(doc: Y.Doc, id: string): { index: number; entry: Y.Map<unknown> } {
	const index = agendaOf(doc).toArray().findIndex((e) => e.get('id') === id);
	if (index < 0) throw new ModelError('Séquence introuvable.');
	return { index, entry: agendaOf(doc).get(index) };
}

export function updateAgendaItem(doc: Y.Doc, actorId: string, id: string, patch: Partial<Pick<AgendaItem, 'title' | 'durationMin' | 'sheetId' | 'rule'>>): void {
	requireFacilitator(doc, actorId);
	const { entry } = findItem(doc, id);
	doc.transact(() => {
		if (patch.title !== undefined) entry.set('title', patch.title.trim().slice(0, 120) || (entry.get('title') as string));
		if (patch.durationMin !== undefined) entry.set('durationMin', checkDuration(patch.durationMin));
		if (patch.sheetId !== undefined) entry.set('sheetId', patch.sheetId);
		if (patch.rule !== undefined && (RULES as readonly string[]).includes(patch.rule)) entry.set('rule', patch.rule);
	});
}

/** Moves a step to position `to` (a copy is inserted, the old one deleted, in one transaction). */
export function moveAgendaItem(doc: Y.Doc, actorId: string, id: string, to: number): void {
	requireFacilitator(doc, actorId);
	const { index, entry } = findItem(doc, id);
	const target = Math.max(0, Math.min(agendaOf(doc).length - 1, to));
	if (target === index) return;
	const copy = new Y.Map<unknown>();
	doc.transact(() => {
		for (const [key, value] of entry.entries()) copy.set(key, value);
		agendaOf(doc).delete(index, 1);
		agendaOf(doc).insert(target, [copy]);
	});
}

export function removeAgendaItem(doc: Y.Doc, actorId: string, id: string): void {
	requireFacilitator(doc, actorId);
	agendaOf(doc).delete(findItem(doc, id).index, 1);
}

export function readAgenda(doc: Y.Doc): AgendaView {
	const startValue = facilitationOf(doc).get('agendaStart');
	const start = typeof startValue === 'string' && TIME.test(startValue) ? startValue : '09:00';
	const [h, m] = start.split(':').map(Number) as [number, number];
	let cursor = h * 60 + m;
	const current = facilitationOf(doc).get('currentStep');
	const seen = new Set<string>();
	const items = agendaOf(doc)
		.toArray()
		.filter((e) => {
			const id = e.get('id');
			if (typeof id !== 'string' || seen.has(id)) return false;
			seen.add(id);
			return true;
		})
		.map((e) => {
			const duration = Number(e.get('durationMin')) || 0;
			const rule = e.get('rule') as Rule;
			const item = {
				id: e.get('id') as string,
				title: String(e.get('title') ?? ''),
				durationMin: duration,
				...(typeof e.get('formatId') === 'string' ? { formatId: e.get('formatId') as string } : {}),
				...(typeof e.get('sheetId') === 'string' ? { sheetId: e.get('sheetId') as string } : {}),
				rule: (RULES as readonly string[]).includes(rule) ? rule : 'ouvert',
				startsAt: clock(cursor),
				endsAt: clock(cursor + duration),
				current: current === e.get('id')
			};
			cursor += duration;
			return item;
		});
	const totalMin = items.reduce((n, i) => n + i.durationMin, 0);
	return { start, items, totalMin, endsAt: clock(h * 60 + m + totalMin) };
}

/**
 * Starts an agenda step in one action: it becomes the current step, everyone is brought to its sheet,
 * its rule applies to that sheet, and the timer starts for its duration.
 */
export function startAgendaStep(doc: Y.Doc, actorId: string, id: string): void {
	requireFacilitator(doc, actorId);
	const item = readAgenda(doc).items.find((i) => i.id === id);
	if (!item) throw new ModelError('Séquence introuvable.');
	doc.transact(() => {
		facilitationOf(doc).set('currentStep', id);
		if (item.sheetId) {
			applyRule(doc, actorId, item.sheetId, item.rule);
			setFollow(doc, actorId, item.sheetId);
		}
		startTimer(doc, actorId, item.durationMin * 60_000);
	});
}
