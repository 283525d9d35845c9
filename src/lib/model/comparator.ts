// Portage comparator. Each participant weights the criteria (0–5) and may change the kit's default
// score of a vehicle on a criterion (0–5). The ranking aggregates every participant's weighted
// totals and shows how far apart they are, so a disagreement is visible rather than averaged away.
//   weights  Y.Map participantId → Y.Map criterionId → number
//   scores   Y.Map participantId → Y.Map "vehicleId/criterionId" → number
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import type { ComparatorTemplate } from './templates.ts';

export interface Spread {
	/** How many opinions were aggregated. */
	count: number;
	mean: number;
	min: number;
	max: number;
	/** Population standard deviation. */
	stdev: number;
}

export interface RankedVehicle {
	id: string;
	title: string;
	short: string;
	rank: number;
	/** Weighted total on 0–5: across participants who weighted the criteria (or the kit's defaults with equal weights if nobody has). */
	total: Spread;
	/** What the kit marks « À vérifier » about the structure. */
	toVerify: string[];
	/** Its legal basis (code articles, laws). */
	legalBasis: string[];
}

type Sheet = Y.Map<unknown>;
const weightsOf = (sheet: Sheet) => sheet.get('weights') as Y.Map<Y.Map<number>>;
const scoresOf = (sheet: Sheet) => sheet.get('scores') as Y.Map<Y.Map<number>>;
const templateOf = (sheet: Sheet) => sheet.get('template') as ComparatorTemplate;

/** Called before anything is written: a Yjs transaction cannot be rolled back. */
export function check(template: ComparatorTemplate): void {
	if (template.criteria.length === 0 || template.vehicles.length === 0)
		throw new ModelError('Le comparateur a besoin d’au moins un critère et une structure.');
}

export function init(sheet: Sheet): void {
	sheet.set('weights', new Y.Map());
	sheet.set('scores', new Y.Map());
}

function checkValue(value: number, what: string): number {
	if (!Number.isInteger(value) || value < 0 || value > 5) throw new ModelError(`${what} doit être un nombre entier de 0 à 5.`);
	return value;
}

function personal(map: Y.Map<Y.Map<number>>, participantId: string): Y.Map<number> {
	if (!participantId) throw new ModelError('Participant inconnu.');
	let own = map.get(participantId);
	if (!own) {
		own = new Y.Map<number>();
		map.set(participantId, own);
	}
	return own;
}

export function setWeight(sheet: Sheet, participantId: string, criterionId: string, weight: number): void {
	if (!templateOf(sheet).criteria.some((c) => c.id === criterionId)) throw new ModelError('Critère inconnu.');
	const value = checkValue(weight, 'Le poids');
	personal(weightsOf(sheet), participantId).set(criterionId, value);
}

export function setScore(sheet: Sheet, participantId: string, vehicleId: string, criterionId: string, score: number): void {
	const t = templateOf(sheet);
	if (!t.vehicles.some((v) => v.id === vehicleId)) throw new ModelError('Structure inconnue.');
	if (!t.criteria.some((c) => c.id === criterionId)) throw new ModelError('Critère inconnu.');
	const value = checkValue(score, 'La note');
	personal(scoresOf(sheet), participantId).set(`${vehicleId}/${criterionId}`, value);
}

/** Back to the kit's default score for this participant. */
export function clearScore(sheet: Sheet, participantId: string, vehicleId: string, criterionId: string): void {
	scoresOf(sheet).get(participantId)?.delete(`${vehicleId}/${criterionId}`);
}

function valid(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5;
}

/** One participant's weights (criteria they have not weighted: absent). */
export function weightsOfParticipant(sheet: Sheet, participantId: string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [k, v] of weightsOf(sheet).get(participantId)?.entries() ?? []) if (valid(v)) out[k] = v;
	return out;
}

/** The score a participant gives: their own if set, else the kit's default. */
export function scoreOf(sheet: Sheet, participantId: string, vehicleId: string, criterionId: string): { value: number; own: boolean } {
	const own = scoresOf(sheet).get(participantId)?.get(`${vehicleId}/${criterionId}`);
	if (valid(own)) return { value: own, own: true };
	const vehicle = templateOf(sheet).vehicles.find((v) => v.id === vehicleId);
	return { value: vehicle?.defaults[criterionId] ?? 0, own: false };
}

export function spread(values: readonly number[]): Spread {
	if (values.length === 0) return { count: 0, mean: 0, min: 0, max: 0, stdev: 0 };
	const mean = values.reduce((s, v) => s + v, 0) / values.length;
	const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
	return { count: values.length, mean, min: Math.min(...values), max: Math.max(...values), stdev: Math.sqrt(variance) };
}

/** Participants whose weights sum above zero: their opinion makes a ranking. */
export function voters(sheet: Sheet): string[] {
	return [...weightsOf(sheet).keys()].filter((id) => Object.values(weightsOfParticipant(sheet, id)).some((w) => w > 0)).sort();
}

function weightedTotal(sheet: Sheet, participantId: string | null, vehicleId: string): number {
	const t = templateOf(sheet);
	const weights = participantId ? weightsOfParticipant(sheet, participantId) : {};
	let sum = 0;
	let weightSum = 0;
	for (const c of t.criteria) {
		const w = participantId ? (weights[c.id] ?? 0) : 1;
		if (w === 0) continue;
		const s = participantId
			? scoreOf(sheet, participantId, vehicleId, c.id).value
			: (t.vehicles.find((v) => v.id === vehicleId)?.defaults[c.id] ?? 0);
		sum += w * s;
		weightSum += w;
	}
	return weightSum === 0 ? 0 : sum / weightSum;
}

/**
 * Vehicles best first (ties share a rank), each with the spread of participants' weighted totals;
 * `only` restricts it to some participants (one's own ranking while the others' are hidden).
 */
export function ranking(sheet: Sheet, only?: readonly string[]): RankedVehicle[] {
	const t = templateOf(sheet);
	const who = only ? voters(sheet).filter((id) => only.includes(id)) : voters(sheet);
	const rows = t.vehicles.map((v) => ({
		id: v.id,
		title: v.title,
		short: v.short,
		toVerify: Array.isArray(v.toVerify) ? v.toVerify.filter((t): t is string => typeof t === 'string') : [],
		legalBasis: Array.isArray(v.legalBasis) ? v.legalBasis.filter((t): t is string => typeof t === 'string') : [],
		total: spread(who.length > 0 ? who.map((p) => weightedTotal(sheet, p, v.id)) : [weightedTotal(sheet, null, v.id)])
	}));
	rows.sort((a, b) => b.total.mean - a.total.mean || a.title.localeCompare(b.title, 'fr'));
	let rank = 0;
	let previous = 0;
	return rows.map((row, i) => {
		if (i === 0 || Math.abs(row.total.mean - previous) > 1e-9) rank = i + 1;
		previous = row.total.mean;
		return { ...row, rank };
	});
}

/** For each vehicle and criterion, the spread of the scores participants gave themselves. */
export function scoreSpread(sheet: Sheet): Record<string, Record<string, Spread>> {
	const t = templateOf(sheet);
	const out: Record<string, Record<string, Spread>> = {};
	const people = [...scoresOf(sheet).keys()];
	for (const v of t.vehicles) {
		const row: Record<string, Spread> = {};
		for (const c of t.criteria) {
			const values = people.map((p) => scoresOf(sheet).get(p)?.get(`${v.id}/${c.id}`)).filter(valid);
			row[c.id] = spread(values);
		}
		out[v.id] = row;
	}
	return out;
}

/** For each criterion, the spread of the weights given. */
export function weightSpread(sheet: Sheet): Record<string, Spread> {
	const out: Record<string, Spread> = {};
	const people = [...weightsOf(sheet).keys()];
	for (const c of templateOf(sheet).criteria) {
		out[c.id] = spread(people.map((p) => weightsOf(sheet).get(p)?.get(c.id)).filter(valid));
	}
	return out;
}

/** Share of criteria that at least one participant has weighted. */
export function completion(sheet: Sheet): number {
	const criteria = templateOf(sheet).criteria;
	if (criteria.length === 0) return 0;
	const weighted = weightSpread(sheet);
	return criteria.filter((c) => (weighted[c.id]?.count ?? 0) > 0).length / criteria.length;
}
