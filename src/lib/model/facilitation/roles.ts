// Who facilitates: the atelier's animateurs (role in the roster) and the co-animateurs they name.
// Also the facilitation state's root map, shared by the other facilitation modules.
import * as Y from 'yjs';
import { ModelError } from '../errors.ts';
import { readRoster } from '../atelier.ts';

export const facilitationOf = (doc: Y.Doc) => doc.getMap<unknown>('facilitation');

/** A map inside the facilitation state, created on first write. */
export function childMap<T>(doc: Y.Doc, key: string): Y.Map<T> {
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

export function requireFacilitator(doc: Y.Doc, actorId: string): void {
	if (!isFacilitator(doc, actorId)) throw new ModelError('Seul l’animateur ou un co-animateur peut faire cela.');
}

/** An animateur names (or un-names) a co-animateur. */
export function setCoFacilitator(doc: Y.Doc, actorId: string, participantId: string, named: boolean): void {
	requireFacilitator(doc, actorId);
	if (!readRoster(doc).some((p) => p.id === participantId)) throw new ModelError('Participant inconnu.');
	if (named) coFacilitators(doc).set(participantId, true);
	else coFacilitators(doc).delete(participantId);
}
