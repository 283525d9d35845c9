import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { holdsUnseen, publication, readReceipts, updateReceipts } from './reporting.ts';

const vector = (doc: Y.Doc) => Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));

describe('sync receipts', () => {
	it('tells when a tablet holds an edit the laptop has not received, then when it has', () => {
		const laptop = new Y.Doc();
		const tablet = new Y.Doc();
		laptop.getText('t').insert(0, 'laptop');
		Y.applyUpdate(tablet, Y.encodeStateAsUpdate(laptop));
		const seen = () => Y.decodeStateVector(Y.encodeStateVector(laptop));
		expect(holdsUnseen(seen(), vector(tablet))).toBe(false);
		tablet.getText('t').insert(0, 'tablette ');
		expect(holdsUnseen(seen(), vector(tablet))).toBe(true);
		const devices = [{ participantId: 'bruno', name: 'Bruno', self: false, stateVector: vector(tablet) }];
		let receipts = updateReceipts({}, devices, seen(), 1_000);
		expect(receipts.bruno).toMatchObject({ unseen: true, lastCompleteAt: null, present: true });
		Y.applyUpdate(laptop, Y.encodeStateAsUpdate(tablet));
		receipts = updateReceipts(receipts, devices, seen(), 2_000);
		expect(receipts.bruno).toMatchObject({ unseen: false, lastCompleteAt: 2_000 });
		// The laptop being ahead of the tablet is not the tablet's problem.
		laptop.getText('t').insert(0, 'x');
		expect(updateReceipts(receipts, devices, seen(), 3_000).bruno?.unseen).toBe(false);
	});

	it('keeps the last receipt of a device that left, and ignores this device and unknown ones', () => {
		const local = new Map([[1, 5]]);
		const first = updateReceipts(
			{},
			[
				{ participantId: 'chloe', name: 'Chloé', self: false, stateVector: { 1: 5, 2: 3 } },
				{ participantId: 'anne', name: 'Anne', self: true, stateVector: { 1: 5 } },
				{ participantId: '', name: '?', self: false, stateVector: {} }
			],
			local,
			10
		);
		expect(Object.keys(first)).toEqual(['chloe']);
		const later = updateReceipts(first, [], local, 20);
		expect(later.chloe).toMatchObject({ present: false, unseen: true, lastContactAt: 10 });
	});

	it('drops malformed stored receipts', () => {
		expect(readReceipts({ a: { name: 'A', lastContactAt: 1, unseen: false, lastCompleteAt: 1 }, b: { name: 3 }, c: null })).toEqual({
			a: { participantId: 'a', name: 'A', lastContactAt: 1, unseen: false, lastCompleteAt: 1, present: false }
		});
		expect(readReceipts('x')).toEqual({});
	});
});

describe('what a device publishes', () => {
	it('its state vector always, the countdown it shows only on a facilitator’s device', () => {
		const timer = { state: { revision: 4, remainingMs: 90_000, running: true }, seenAt: 1_000, live: true };
		const vector = new Map([
			[12, 3],
			[7, 40]
		]);
		expect(publication(vector, timer, true, 31_000.4)).toEqual({
			stateVector: { 12: 3, 7: 40 },
			timer: { revision: 4, remainingMs: 60_000 }
		});
		expect(publication(vector, timer, false, 31_000)).toEqual({ stateVector: { 12: 3, 7: 40 }, timer: null });
		expect(publication(new Map(), null, true, 0)).toEqual({ stateVector: {}, timer: null });
		expect(publication(new Map(), null, false, 0, 'unavailable')).toEqual({ stateVector: {}, timer: null, storage: 'unavailable' });
	});
});
