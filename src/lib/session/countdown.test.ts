import { describe, expect, it } from 'vitest';
import { catchUp, nextView, readTimerRecord, remainingAt, timerRecord, type TimerView } from './countdown.ts';

const state = (revision: number, remainingMs = 60_000, running = true) => ({ revision, remainingMs, running });

describe('the countdown record in this device’s storage', () => {
	it('says how long ago its own countdown started, and ignores anything else', () => {
		const now = 1_000_000;
		expect(readTimerRecord(timerRecord(4, now - 30_000), 4, now)).toBe(30_000);
		expect(readTimerRecord(JSON.stringify({ revision: 3, seenWall: now - 30_000 }), 4, now)).toBeNull();
		for (const bad of [
			null,
			'',
			'{',
			'null',
			'"x"',
			'{"revision":4}',
			'{"revision":4,"seenWall":"1"}',
			JSON.stringify({ revision: 4, seenWall: now + 5 }),
			JSON.stringify({ revision: 4, seenWall: now - 9 * 3600 * 1000 })
		]) {
			expect(readTimerRecord(bad, 4, now), String(bad)).toBeNull();
		}
	});
});

describe('the countdown this device shows', () => {
	it('counts down from when this device saw the change, and holds while paused', () => {
		const view: TimerView = { state: state(1, 60_000), seenAt: 1_000, live: true };
		expect(remainingAt(view, 31_000)).toBe(30_000);
		expect(remainingAt(view, 500)).toBe(60_000);
		expect(remainingAt(view, 100_000)).toBe(0);
		expect(remainingAt({ ...view, state: state(1, 42_000, false) }, 999_999)).toBe(42_000);
		expect(remainingAt(null, 5)).toBe(0);
	});

	it('takes a new revision seen live at once, and a reopened one from its own record', () => {
		const first = nextView(null, state(1), 10_000, true, null);
		expect(first).toEqual({ state: state(1), seenAt: 10_000, live: true });
		expect(nextView(first, state(1), 20_000, true, null)).toBe(first);
		expect(nextView(first, null, 20_000, true, null)).toBeNull();
		// Reopened 12 s after this device saw the start: it counts from then.
		expect(nextView(null, state(2), 50_000, false, 12_000)).toEqual({ state: state(2), seenAt: 38_000, live: true });
		// Reopened without a record: a first estimate, to be caught up from the facilitator.
		expect(nextView(null, state(2), 50_000, false, null)).toEqual({ state: state(2), seenAt: 50_000, live: false });
	});

	it('catches up from the facilitator’s publications: the first as an estimate, the next for good', () => {
		const found: TimerView = { state: state(3, 600_000), seenAt: 0, live: false };
		expect(catchUp(found, undefined, null, 1)).toBeNull();
		expect(catchUp(found, { clientId: 9, revision: 2, remainingMs: 5 }, null, 1)).toBeNull();
		const first = catchUp(found, { clientId: 9, revision: 3, remainingMs: 300_000 }, null, 1_000);
		expect(first?.view).toEqual({ state: state(3, 300_000), seenAt: 1_000, live: false });
		expect(catchUp(first!.view, { clientId: 9, revision: 3, remainingMs: 300_000 }, first!.key, 2_000)).toBeNull();
		const next = catchUp(first!.view, { clientId: 9, revision: 3, remainingMs: 295_000 }, first!.key, 6_000);
		expect(next?.view).toEqual({ state: state(3, 295_000), seenAt: 6_000, live: true });
		expect(catchUp(next!.view, { clientId: 9, revision: 3, remainingMs: 1 }, next!.key, 7_000)).toBeNull();
		expect(catchUp({ ...found, state: state(3, 600_000, false) }, { clientId: 9, revision: 3, remainingMs: 1 }, null, 1)).toBeNull();
	});
});
