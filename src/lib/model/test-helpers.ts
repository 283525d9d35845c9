// Shared by the model's unit tests: real Y.Docs exchanging real updates (no network, no mocks).
import * as Y from 'yjs';
import { createAtelier } from './atelier.ts';
import type { ChecklistTemplate, ClausesTemplate, ComparatorTemplate, GridTemplate, InventoryTemplate } from './templates.ts';

export function newAtelier(clientID?: number): Y.Doc {
	const doc = new Y.Doc();
	if (clientID !== undefined) doc.clientID = clientID;
	createAtelier(
		doc,
		{ title: 'Atelier test', date: '2026-11-23', territory: 'Agglo test', place: 'Salle du conseil' },
		{ kitVersion: 'test', now: new Date('2026-11-23T09:00:00Z') }
	);
	return doc;
}

/** A copy of `doc` on another "device". */
export function fork(doc: Y.Doc, clientID?: number): Y.Doc {
	const copy = new Y.Doc();
	if (clientID !== undefined) copy.clientID = clientID;
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

/** Every doc receives what it misses from every other, in the order given. */
export function syncAll(...docs: Y.Doc[]): void {
	for (const from of docs) {
		for (const to of docs) {
			if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
		}
	}
}

export function snapshot(doc: Y.Doc): unknown {
	return {
		meta: doc.getMap('meta').toJSON(),
		roster: doc.getMap('roster').toJSON(),
		order: doc.getArray('sheetOrder').toJSON(),
		sheets: doc.getMap('sheets').toJSON()
	};
}

export const GRID: GridTemplate = {
	kind: 'grid',
	source: 'grille-besoins',
	title: 'Grille — besoins',
	questions: [
		{ id: 'q1', text: 'Quel problème résout-on ?', why: 'Partir du besoin.' },
		{ id: 'q2', text: 'Pour qui ?' },
		{ id: 'q3', text: 'Comment fait-on aujourd’hui ?' }
	]
};

export const CHECKLIST: ChecklistTemplate = {
	kind: 'checklist',
	source: 'numerique-responsable',
	title: 'Check-list',
	axes: [
		{
			id: 'juridique',
			code: 'A',
			title: 'Juridique',
			items: [
				{ id: 'a1', text: 'Registre tenu' },
				{ id: 'a2', text: 'AIPD faite' }
			]
		},
		{
			id: 'environnement',
			code: 'B',
			title: 'Environnement',
			items: [
				{ id: 'b1', text: 'Sobriété' },
				{ id: 'b2', text: 'Hébergement' }
			]
		}
	]
};

export const COMPARATOR: ComparatorTemplate = {
	kind: 'comparator',
	source: 'portage',
	title: 'Comparateur',
	criteria: [
		{ id: 'controle', title: 'Contrôle public' },
		{ id: 'ouverture', title: 'Ouverture aux partenaires' }
	],
	vehicles: [
		{ id: 'regie', title: 'Régie', short: 'Régie', defaults: { controle: 5, ouverture: 1 } },
		{ id: 'scic', title: 'SCIC', short: 'SCIC', defaults: { controle: 2, ouverture: 5 } },
		{ id: 'spl', title: 'SPL', short: 'SPL', defaults: { controle: 4, ouverture: 2 } }
	]
};

export const CLAUSES: ClausesTemplate = {
	kind: 'clauses',
	source: 'clauses',
	title: 'Panier',
	clauses: [
		{ id: 'a1', theme: 'Propriété', title: 'Définir les données' },
		{ id: 'd1', theme: 'Réversibilité', title: 'Restitution en fin de contrat' }
	]
};

export const INVENTORY: InventoryTemplate = {
	kind: 'inventory',
	source: 'inventaire',
	title: 'Inventaire',
	columns: [
		{ id: 'jeu', label: 'Jeu de données', type: 'text' },
		{ id: 'frequence', label: 'Fréquence', type: 'choice', options: ['annuelle', 'mensuelle'] },
		{ id: 'perso', label: 'Données personnelles ?', type: 'boolean' }
	]
};
