// The day's agenda: steps with durations, start time, linked sheet and rule; starting a step.
import * as Y from 'yjs';
import { ModelError } from '../errors.ts';
import { facilitationOf, requireFacilitator } from './roles.ts';
import { applyRule, RULES, setFollow, type Rule } from './rules.ts';
import { startTimer } from './timer.ts';

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
	if (!Number.isInteger(minutes) || minutes < 1 || minutes > 480)
		throw new ModelError('La durée d’une séquence doit être un nombre entier de minutes, de 1 à 480.');
	return minutes;
}

export function setAgendaStart(doc: Y.Doc, actorId: string, start: string): void {
	requireFacilitator(doc, actorId);
	if (!TIME.test(start)) throw new ModelError('L’heure de début doit être au format HH:MM.');
	facilitationOf(doc).set('agendaStart', start);
}

/** Checks a step before anything is written (throws a French ModelError). */
export function checkAgendaItem(item: Pick<AgendaItem, 'title' | 'durationMin'>): void {
	if (!item.title.trim()) throw new ModelError('Donnez un titre à la séquence.');
	checkDuration(item.durationMin);
}

export function addAgendaItem(doc: Y.Doc, actorId: string, item: Omit<AgendaItem, 'id' | 'rule'> & { id: string; rule?: Rule }): void {
	requireFacilitator(doc, actorId);
	checkAgendaItem(item);
	const title = item.title.trim();
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
	const index = agendaOf(doc)
		.toArray()
		.findIndex((e) => e.get('id') === id);
	if (index < 0) throw new ModelError('Séquence introuvable.');
	return { index, entry: agendaOf(doc).get(index) };
}

export function updateAgendaItem(
	doc: Y.Doc,
	actorId: string,
	id: string,
	patch: Partial<Pick<AgendaItem, 'title' | 'durationMin' | 'sheetId' | 'rule'>>
): void {
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
