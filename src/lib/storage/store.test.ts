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

	it('falls back to a generic French message', () => {
		expect(storageMessage(new Error('boom'))).toBe(
			'L’enregistrement sur cet appareil a échoué. Rechargez la page\u00a0; si le problème persiste, exportez l’atelier.'
		);
		expect(storageMessage('not an error')).toMatch(/^L’enregistrement sur cet appareil a échoué/);
	});
});
