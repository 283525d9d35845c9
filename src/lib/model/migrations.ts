// Schema migrations of an atelier doc. Each step takes a doc from version n - 1 to n. Two devices may
// run the same step at once on their own copy, and both edits then merge: every step must therefore be
// idempotent and only add what is missing (never move or rewrite content).
import type * as Y from 'yjs';
import { SCHEMA_VERSION } from './atelier.ts';
import { ModelError } from './errors.ts';

export type Migration = (doc: Y.Doc) => void;

/** Version 1 is the first published layout. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
	// Version 2: a grid's deadline and priority are choices stored as plain strings, no longer shared
	// texts. Nothing to move: an older sheet's texts are read as « Saisie précédente » until someone
	// chooses. The version is raised so that an older app, which would replace a choice with a text
	// as soon as someone typed in the field, refuses the atelier and asks to be updated.
	2: () => {}
};

export type MigrationResult = 'empty' | 'current' | 'migrated';

/**
 * Brings the doc to `target`. An empty doc (a joining device that has not received the atelier yet)
 * is left alone. A doc from a newer version of the app is refused, untouched.
 */
export function migrate(doc: Y.Doc, steps: Readonly<Record<number, Migration>> = MIGRATIONS, target = SCHEMA_VERSION): MigrationResult {
	const meta = doc.getMap<unknown>('meta');
	const version = meta.get('schemaVersion');
	if (version === undefined) return 'empty';
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
		throw new ModelError('Ce document d’atelier est illisible (version de format invalide).');
	if (version > target) {
		throw new ModelError(
			'Cet atelier a été enregistré par une version plus récente de l’application : mettez l’application à jour (rechargez la page une fois connecté au serveur de l’atelier).'
		);
	}
	if (version === target) return 'current';
	for (let v = version + 1; v <= target; v++) {
		if (!steps[v]) throw new ModelError(`Migration manquante vers la version ${v} du format.`);
	}
	doc.transact(() => {
		for (let v = version + 1; v <= target; v++) (steps[v] as Migration)(doc);
		meta.set('schemaVersion', target);
	}, 'migration');
	return 'migrated';
}
