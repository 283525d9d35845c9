import { describe, expect, it } from 'vitest';
import { SYNC_LABELS, syncSentence, syncState } from './status.ts';

describe('the sync badge', () => {
	const facts = { connected: true, relayConfirmed: false, pendingEdits: 0, peersConfirmed: false };

	it('says « Synchronisé » only when the relay acknowledged everything (it acknowledges what is on disk)', () => {
		expect(syncState({ ...facts, relayConfirmed: true })).toBe('synchronise');
		expect(syncState({ ...facts, relayConfirmed: true, peersConfirmed: true })).toBe('synchronise');
		// Tablets around have it, the laptop has not confirmed: shared, not saved.
		expect(syncState({ ...facts, peersConfirmed: true })).toBe('partage');
		expect(SYNC_LABELS[syncState({ ...facts, peersConfirmed: true })]).toBe('Partagé en direct');
	});

	it('says « En attente » while an edit is confirmed by no one, whoever is connected', () => {
		expect(syncState({ ...facts, pendingEdits: 3, peersConfirmed: true })).toBe('en-attente');
		expect(syncState({ ...facts, pendingEdits: 1 })).toBe('en-attente');
	});

	it('says connected or « Hors connexion » otherwise, whatever was confirmed before', () => {
		expect(syncState(facts)).toBe('connecte');
		expect(syncState({ ...facts, connected: false, relayConfirmed: true })).toBe('hors-ligne');
		expect(SYNC_LABELS['hors-ligne']).toBe('Hors connexion');
	});

	it('tells a participant in words what happens to what they typed', () => {
		expect(syncSentence({ state: 'hors-ligne', pendingEdits: 0 })).toBe('Hors connexion — vos saisies sont gardées sur cet appareil');
		expect(syncSentence({ state: 'hors-ligne', pendingEdits: 4 })).toBe(
			'Hors connexion — vos saisies sont gardées sur cet appareil (4\u00a0modifications à envoyer)'
		);
		expect(syncSentence({ state: 'en-attente', pendingEdits: 1 })).toBe('En attente — 1\u00a0modification pas encore reçue ailleurs');
		expect(syncSentence({ state: 'en-attente', pendingEdits: 12 })).toBe('En attente — 12\u00a0modifications pas encore reçues ailleurs');
		expect(syncSentence({ state: 'synchronise', pendingEdits: 0 })).toBe('Synchronisé');
		expect(syncSentence({ state: 'partage', pendingEdits: 0 })).toContain('pas encore sur l’ordinateur de l’animateur');
	});
});
