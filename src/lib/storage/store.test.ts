import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { storageMessage } from './store.ts';

// The store itself runs against real IndexedDB in tests/browser/ateliers.test.ts; here, only the
// mapping of storage failures to what the user reads.
describe('storageMessage', () => {
	it('explains a full disk, whether the error comes raw or wrapped by Dexie', () => {
		const quota = new DOMException('quota', 'QuotaExceededError');
		expect(storageMessage(quota)).toMatch(/^L’espace de stockage de ce navigateur est plein/);
		expect(storageMessage(new Dexie.AbortError('aborted', quota))).toMatch(/^L’espace de stockage de ce navigateur est plein/);
	});

	it('explains a browser that refuses storage', () => {
		expect(storageMessage(new Dexie.MissingAPIError('no indexedDB'))).toMatch(/\(navigation privée\u00a0\?\)/);
	});

	it('asks to reload a tab whose code is older than the database another tab upgraded', () => {
		expect(storageMessage(new Dexie.VersionError('older'))).toMatch(
			/^L’application a été mise à jour dans un autre onglet\u00a0: rechargez cette page/
		);
		expect(storageMessage(new DOMException('older', 'VersionError'))).toMatch(/^L’application a été mise à jour/);
	});

	it('falls back to a generic French message', () => {
		expect(storageMessage(new Error('boom'))).toBe(
			'L’enregistrement sur cet appareil a échoué. Rechargez la page\u00a0; si le problème persiste, exportez l’atelier.'
		);
		expect(storageMessage('not an error')).toMatch(/^L’enregistrement sur cet appareil a échoué/);
	});
});
