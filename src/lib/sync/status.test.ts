import { describe, expect, it } from 'vitest';
import { SYNC_LABELS, syncState } from './status.ts';

describe('the sync badge', () => {
	const facts = { connected: true, relayConnected: false, relayConfirmed: false, pending: false, peersConfirmed: false };

	it('says « Synchronisé » only when the relay acknowledged everything (it acknowledges what is on disk)', () => {
		expect(syncState({ ...facts, relayConfirmed: true })).toBe('synchronise');
		expect(syncState({ ...facts, relayConfirmed: true, peersConfirmed: true })).toBe('synchronise');
		// Tablets around have it, the laptop has not confirmed: shared, not saved.
		expect(syncState({ ...facts, peersConfirmed: true })).toBe('partage');
		expect(SYNC_LABELS[syncState({ ...facts, peersConfirmed: true })]).toBe('Partagé en direct');
	});

	it('says « En attente » while the relay has not acknowledged an edit, never « Partagé » in between', () => {
		expect(syncState({ ...facts, relayConnected: true, pending: true, peersConfirmed: true })).toBe('en-attente');
		expect(syncState({ ...facts, relayConnected: true, peersConfirmed: true })).toBe('connecte');
	});

	it('says what is pending, connected or offline otherwise', () => {
		expect(syncState({ ...facts, pending: true, peersConfirmed: true })).toBe('en-attente');
		expect(syncState(facts)).toBe('connecte');
		expect(syncState({ ...facts, connected: false, relayConfirmed: true })).toBe('hors-ligne');
	});
});
