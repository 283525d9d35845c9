import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readMeta, SCHEMA_VERSION } from './atelier.ts';
import { migrate, MIGRATIONS, type Migration } from './migrations.ts';
import { newAtelier, snapshot, syncAll, fork } from './test-helpers.ts';

describe('migrations', () => {
	it('has a step for every version after the first', () => {
		for (let v = 2; v <= SCHEMA_VERSION; v++) expect(MIGRATIONS[v], `migration to ${v}`).toBeTypeOf('function');
	});

	it('leaves a current doc and an empty doc alone', () => {
		const doc = newAtelier();
		const before = snapshot(doc);
		expect(migrate(doc)).toBe('current');
		expect(snapshot(doc)).toEqual(before);
		expect(migrate(new Y.Doc())).toBe('empty');
	});

	it('refuses, in French and without touching it, a doc from a newer app', () => {
		const doc = newAtelier();
		doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
		const before = snapshot(doc);
		expect(() => migrate(doc)).toThrow(/version plus récente de l’application/);
		expect(snapshot(doc)).toEqual(before);
	});

	it('brings a version 1 atelier (deadlines and priorities as text) to version 2, keeping its texts', () => {
		const doc = newAtelier();
		doc.getMap('meta').set('schemaVersion', 1);
		const before = snapshot(doc);
		expect(migrate(doc)).toBe('migrated');
		expect(readMeta(doc).schemaVersion).toBe(2);
		const after = snapshot(doc) as { meta: Record<string, unknown> };
		expect({ ...after, meta: { ...after.meta, schemaVersion: 1 } }).toEqual(before);
	});

	it('refuses a corrupt version number', () => {
		const doc = newAtelier();
		doc.getMap('meta').set('schemaVersion', 'deux');
		expect(() => migrate(doc)).toThrow(/illisible/);
	});

	// The step table is a parameter so the runner itself is tested before the first real step exists.
	const steps: Record<number, Migration> = {
		2: (doc) => {
			const meta = doc.getMap<unknown>('meta');
			if (!meta.has('facilitatorNotes')) meta.set('facilitatorNotes', new Y.Text());
		},
		3: (doc) => {
			const meta = doc.getMap<unknown>('meta');
			if (!meta.has('language')) meta.set('language', 'fr');
		}
	};

	it('runs the steps in order, in one transaction, and records the version', () => {
		const doc = newAtelier();
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		expect(migrate(doc, steps, 3)).toBe('migrated');
		expect(transactions).toBe(1);
		expect(readMeta(doc).schemaVersion).toBe(3);
		expect(doc.getMap('meta').get('language')).toBe('fr');
		expect(migrate(doc, steps, 3)).toBe('current');
	});

	it('converges when two devices migrate the same doc at once', () => {
		const a = newAtelier(1);
		const b = fork(a, 2);
		migrate(a, steps, 3);
		migrate(b, steps, 3);
		syncAll(a, b);
		expect(snapshot(a)).toEqual(snapshot(b));
		expect(readMeta(a).schemaVersion).toBe(3);
	});

	it('stops when a step is missing', () => {
		const doc = newAtelier();
		doc.getMap('meta').set('schemaVersion', 1);
		expect(() => migrate(doc, { 2: steps[2] as Migration }, 3)).toThrow('Migration manquante vers la version 3 du format.');
		expect(readMeta(doc).schemaVersion).toBe(1);
	});
});
