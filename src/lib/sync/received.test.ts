import { describe, expect, it } from 'vitest';
import { readPublishedTimer, readStateVector, readStorageDurability, relayBeat, relayRefusalMessage } from './received.ts';

describe('fields read from peers’ awareness', () => {
	it('accepts a storage durability it knows, and nothing else', () => {
		for (const known of ['persisted', 'best-effort', 'unavailable']) expect(readStorageDurability(known)).toBe(known);
		for (const bad of [null, undefined, '', 'PERSISTED', 'toString', '__proto__', 1, {}, ['persisted']])
			expect(readStorageDurability(bad), String(bad)).toBeNull();
	});

	it('accepts a state vector of client ids and clocks, and nothing else', () => {
		expect(readStateVector({ 12: 3, 4294967295: 0 })).toEqual({ 12: 3, 4294967295: 0 });
		for (const bad of [
			null,
			'x',
			42,
			[1, 2],
			{ a: 1 },
			{ 1: -1 },
			{ 1: 1.5 },
			{ 1: '3' },
			{ 1: Number.MAX_SAFE_INTEGER + 2 },
			{ '12345678901': 1 },
			JSON.parse('{"__proto__":1}')
		]) {
			expect(readStateVector(bad), JSON.stringify(bad)).toBeNull();
		}
	});

	it('accepts a published countdown with a revision and a non-negative finite remaining time', () => {
		expect(readPublishedTimer({ revision: 3, remainingMs: 1500 })).toEqual({ revision: 3, remainingMs: 1500 });
		for (const bad of [
			null,
			'x',
			{},
			{ revision: 3 },
			{ revision: '3', remainingMs: 1 },
			{ revision: 1.5, remainingMs: 1 },
			{ revision: 3, remainingMs: -1 },
			{ revision: 3, remainingMs: Infinity },
			{ revision: 3, remainingMs: '10' }
		]) {
			expect(readPublishedTimer(bad), JSON.stringify(bad)).toBeNull();
		}
	});
});

describe('refusals told by the relay', () => {
	it('explains a denied authentication and a stateless note in French, and ignores anything else', () => {
		expect(relayRefusalMessage('rooms-per-address')).toMatch(/trop d’ateliers créés en une heure/);
		expect(relayRefusalMessage('{"refus":"room-full","maxRoomBytes":6291456}')).toMatch(/taille maximale .*\(6\sMo\)/);
		expect(relayRefusalMessage('{"refus":"disk-quota"}')).toMatch(/l’ordinateur ne les garde plus/);
		expect(relayRefusalMessage('room-crowded')).toMatch(/Trop d’appareils/);
		for (const other of ['permission-denied', '{"refus":"__proto__"}', '{"refus":"toString"}', '{pas du json', '{"refus":42}', '']) {
			expect(relayRefusalMessage(other), other).toBeNull();
		}
	});

	it('reads the relay’s beat, and drops a malformed one or its malformed state vector', () => {
		expect(relayBeat('{"battement":"abc","sv":{"12":3}}')).toEqual({ bootId: 'abc', vector: { 12: 3 } });
		expect(relayBeat('{"battement":"abc","sv":{"12":-1}}')).toEqual({ bootId: 'abc', vector: null });
		expect(relayBeat('{"battement":"abc"}')).toEqual({ bootId: 'abc', vector: null });
		for (const bad of ['{"battement":', '{"battement":42}', `{"battement":"${'x'.repeat(65)}"}`, '{"refus":"room-full"}', 'null', ''])
			expect(relayBeat(bad), bad).toBeNull();
	});
});
