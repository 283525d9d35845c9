import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { clientAddress, ConnectionCounter, OutgoingBudget, Refusals, WindowCounter } from './guards.ts';

describe('Refusals', () => {
	it('counts every refusal, logs at most N lines a minute, then says how many it kept quiet', () => {
		let now = 0;
		const lines: string[] = [];
		const refusals = new Refusals(
			(line) => lines.push(line),
			3,
			() => now
		);
		for (let i = 0; i < 10; i++) refusals.refuse('bad-frame', `trame ${i}`);
		refusals.refuse('rate', 'trop');
		expect(lines).toEqual(['[refus] bad-frame : trame 0', '[refus] bad-frame : trame 1', '[refus] bad-frame : trame 2']);
		now = 60_000;
		refusals.refuse('capacity', 'plein');
		expect(lines.slice(3)).toEqual(['[refus] … et 8 autres refus non affichés dans la dernière minute', '[refus] capacity : plein']);
		expect(refusals.toJSON()).toEqual({ 'bad-frame': 10, capacity: 1, rate: 1 });
	});
});

describe('ConnectionCounter', () => {
	it('refuses past the total and past the per-address limit, and a release is counted once', () => {
		const counter = new ConnectionCounter(3, 2);
		const a1 = counter.acquire('a');
		const a2 = counter.acquire('a');
		expect(counter.acquire('a')).toBe('per-address');
		const b1 = counter.acquire('b');
		expect(counter.acquire('c')).toBe('capacity');
		if (typeof a1 !== 'function' || typeof a2 !== 'function' || typeof b1 !== 'function') throw new Error('slots');
		a1();
		a1();
		expect(counter.total).toBe(2);
		expect(typeof counter.acquire('c')).toBe('function');
		expect(counter.addresses).toBe(3);
	});
});

describe('OutgoingBudget', () => {
	it('serves a socket that keeps up, refuses one past its own limit or past the total', () => {
		const budget = new OutgoingBudget(100_000);
		const healthy = { bufferedAmount: 0 };
		const slow = { bufferedAmount: 60_000 };
		const other = { bufferedAmount: 30_000 };
		expect(budget.admits(healthy, 1_000, 80_000)).toBe(true); // small, nothing queued: straight to the kernel
		expect(budget.admits(slow, 30_000, 80_000)).toBe(false); // past its own limit
		expect(budget.admits(slow, 10_000, 80_000)).toBe(true);
		expect(budget.admits(other, 20_000, 80_000)).toBe(false); // 60 + 30 + 20 KB past the total
		expect(budget.queued).toBe(90_000);
		slow.bufferedAmount = 0; // caught up
		expect(budget.queued).toBe(30_000);
		budget.forget(other);
		expect(budget.queued).toBe(0);
	});

	it('counts a large send to a socket with nothing queued, which may stay in memory', () => {
		const budget = new OutgoingBudget(12 * 1024 * 1024);
		const sockets = Array.from({ length: 3 }, () => ({ bufferedAmount: 0 }));
		for (const socket of sockets) {
			expect(budget.admits(socket, 4 * 1024 * 1024, 16 * 1024 * 1024)).toBe(true);
			socket.bufferedAmount = 4 * 1024 * 1024; // the kernel did not take it
		}
		expect(budget.queued).toBe(12 * 1024 * 1024);
		expect(budget.admits({ bufferedAmount: 0 }, 4 * 1024 * 1024, 16 * 1024 * 1024)).toBe(false);
	});
});

describe('WindowCounter', () => {
	it('forgets events older than the window', () => {
		let now = 0;
		const counter = new WindowCounter(1_000, () => now);
		counter.add('a');
		now = 500;
		counter.add('a');
		expect(counter.count('a')).toBe(2);
		now = 1_200;
		expect(counter.count('a')).toBe(1);
		expect(counter.count('b')).toBe(0);
	});

	it('does not keep keys whose events are all past', () => {
		let now = 0;
		const counter = new WindowCounter(1_000, () => now);
		for (let i = 0; i < 999; i++) counter.add(`adresse-${i}`);
		now = 5_000;
		counter.add('dernière');
		expect(counter.size).toBe(1);
	});
});

describe('clientAddress', () => {
	const req = (remoteAddress: string, forwarded?: string) =>
		({ socket: { remoteAddress }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;
	it('reads the socket, unmaps IPv4 on dual-stack, and trusts X-Forwarded-For only when told', () => {
		expect(clientAddress(req('::ffff:192.0.2.7'))).toBe('192.0.2.7');
		expect(clientAddress(req('10.0.0.1', '198.51.100.1'))).toBe('10.0.0.1');
		expect(clientAddress(req('10.0.0.1', 'forged, 198.51.100.1'), true)).toBe('198.51.100.1');
		expect(clientAddress(req('10.0.0.1', 'pas une adresse'), true)).toBe('10.0.0.1');
	});
});
