// Signed facilitation's core (issue 19): tampered, replayed, moved, wrong-key and hostile inputs.
import { describe, expect, it } from 'vitest';
import {
	canonicalJson,
	currentAnimateurKey,
	newSigningKey,
	publicKeyOf,
	REFUSAL_MESSAGES,
	signChange,
	signDelegation,
	signHandover,
	trustedKeys,
	verifyChange
} from './signing.ts';

const ATELIER = 'atelier-1';
const animateur = newSigningKey();
const coAnimateur = newSigningKey();
const intruder = newSigningKey();
const timer = { remainingMs: 600_000, running: true, revision: 3 };
const context = (trusted: Set<string>, lastN = 0, field = 'timer') => ({ atelierId: ATELIER, field, trusted, lastN });

describe('signed facilitation changes', () => {
	it('accepts a change signed by the animateur, for its atelier and field, with a new counter', () => {
		const change = signChange(animateur, ATELIER, 'timer', timer, 1);
		expect(verifyChange(change, context(new Set([animateur.publicKey])))).toEqual({ ok: true });
		// The same value with its keys in another order is the same signed text.
		const reordered = { ...change, value: { revision: 3, running: true, remainingMs: 600_000 } };
		expect(verifyChange(reordered, context(new Set([animateur.publicKey])))).toEqual({ ok: true });
		expect(publicKeyOf(animateur.secretKey)).toBe(animateur.publicKey);
	});

	it('refuses a tampered value, counter or signature', () => {
		const change = signChange(animateur, ATELIER, 'timer', timer, 2);
		const trusted = new Set([animateur.publicKey]);
		expect(verifyChange({ ...change, value: { ...timer, running: false } }, context(trusted))).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
		expect(verifyChange({ ...change, n: 3 }, context(trusted))).toEqual({ ok: false, reason: 'bad-signature' });
		const flipped = change.sig.startsWith('A') ? `B${change.sig.slice(1)}` : `A${change.sig.slice(1)}`;
		expect(verifyChange({ ...change, sig: flipped }, context(trusted))).toEqual({ ok: false, reason: 'bad-signature' });
	});

	it('refuses a replayed change: a counter not above the last accepted', () => {
		const old = signChange(animateur, ATELIER, 'timer', { ...timer, running: false }, 4);
		const trusted = new Set([animateur.publicKey]);
		expect(verifyChange(old, context(trusted, 5))).toEqual({ ok: false, reason: 'replayed' });
		expect(verifyChange(old, context(trusted, 4))).toEqual({ ok: false, reason: 'replayed' });
		expect(verifyChange(old, context(trusted, 3))).toEqual({ ok: true });
	});

	it('refuses a change moved to another field or another atelier', () => {
		const change = signChange(animateur, ATELIER, 'rules/fiche-1', { locked: false }, 1);
		const trusted = new Set([animateur.publicKey]);
		expect(verifyChange(change, context(trusted, 0, 'rules/fiche-2'))).toEqual({ ok: false, reason: 'wrong-field' });
		expect(verifyChange({ ...change, field: 'rules/fiche-2' }, context(trusted, 0, 'rules/fiche-2'))).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
		expect(verifyChange(change, { ...context(trusted, 0, 'rules/fiche-1'), atelierId: 'atelier-2' })).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
	});

	it('refuses a key nobody trusts, and one that claims to be the animateur’s', () => {
		const forged = signChange(intruder, ATELIER, 'timer', timer, 99);
		expect(verifyChange(forged, context(new Set([animateur.publicKey])))).toEqual({ ok: false, reason: 'unknown-key' });
		// The intruder names the animateur's key as signer: the signature does not match it.
		expect(verifyChange({ ...forged, by: animateur.publicKey }, context(new Set([animateur.publicKey])))).toEqual({
			ok: false,
			reason: 'bad-signature'
		});
	});

	it('refuses hostile shapes without throwing', () => {
		const trusted = new Set([animateur.publicKey]);
		const change = signChange(animateur, ATELIER, 'timer', timer, 1);
		let deep: unknown = 1;
		for (let i = 0; i < 50; i++) deep = [deep];
		for (const hostile of [
			null,
			'texte',
			42,
			{},
			{ ...change, n: 0 },
			{ ...change, n: 1.5 },
			{ ...change, n: Number.MAX_SAFE_INTEGER + 2 },
			{ ...change, sig: 'pas du base64 !' },
			{ ...change, sig: '' },
			{ ...change, by: 12 },
			{ field: 'timer', n: 1, by: animateur.publicKey, sig: change.sig },
			{ ...change, value: deep },
			{ ...change, value: 'x'.repeat(100_000) },
			{ ...change, value: { nan: Number.NaN } }
		]) {
			const verdict = verifyChange(hostile, context(trusted));
			expect(verdict.ok).toBe(false);
		}
		expect(Object.values(REFUSAL_MESSAGES).every((text) => /^Une .+ a été ignorée\.$/.test(text))).toBe(true);
	});
});

describe('co-animateurs and handing the role over', () => {
	it('trusts a co-animateur the animateur signed, until a later signed revocation', () => {
		const granted = signDelegation(animateur, ATELIER, 'p-claire', coAnimateur.publicKey, true, 1);
		expect(trustedKeys(ATELIER, animateur.publicKey, [granted]).has(coAnimateur.publicKey)).toBe(true);
		const change = signChange(coAnimateur, ATELIER, 'timer', timer, 7);
		expect(verifyChange(change, context(trustedKeys(ATELIER, animateur.publicKey, [granted])))).toEqual({ ok: true });
		const revoked = signDelegation(animateur, ATELIER, 'p-claire', coAnimateur.publicKey, false, 2);
		// Order in the document does not matter: the highest counter decides.
		expect(trustedKeys(ATELIER, animateur.publicKey, [revoked, granted]).has(coAnimateur.publicKey)).toBe(false);
		// Replaying the old grant changes nothing.
		expect(trustedKeys(ATELIER, animateur.publicKey, [revoked, granted, granted]).has(coAnimateur.publicKey)).toBe(false);
	});

	it('ignores a delegation a participant signed for themselves, or one tampered with', () => {
		const selfMade = signDelegation(intruder, ATELIER, 'p-intrus', intruder.publicKey, true, 1);
		expect(trustedKeys(ATELIER, animateur.publicKey, [selfMade]).has(intruder.publicKey)).toBe(false);
		const claimed = { ...selfMade, by: animateur.publicKey };
		expect(trustedKeys(ATELIER, animateur.publicKey, [claimed]).has(intruder.publicKey)).toBe(false);
		const granted = signDelegation(animateur, ATELIER, 'p-claire', coAnimateur.publicKey, true, 1);
		const swapped = { ...granted, key: intruder.publicKey };
		expect(trustedKeys(ATELIER, animateur.publicKey, [swapped]).has(intruder.publicKey)).toBe(false);
		expect(
			trustedKeys(ATELIER, animateur.publicKey, [null, 3, 'x', { key: 'y' }, { ...granted, participantId: 'p'.repeat(70_000) }]).size
		).toBe(1);
	});

	it('follows the chain of signed handovers to the current animateur, and stops at a bad link', () => {
		const second = newSigningKey();
		const third = newSigningKey();
		const first = signHandover(animateur, ATELIER, second.publicKey, 1);
		const next = signHandover(second, ATELIER, third.publicKey, 2);
		expect(currentAnimateurKey(ATELIER, animateur.publicKey, [next, first])).toBe(third.publicKey);
		// A participant cannot hand the role to themselves.
		const seized = signHandover(intruder, ATELIER, intruder.publicKey, 1);
		expect(currentAnimateurKey(ATELIER, animateur.publicKey, [seized])).toBe(animateur.publicKey);
		expect(currentAnimateurKey(ATELIER, animateur.publicKey, [{ ...first, key: intruder.publicKey }])).toBe(animateur.publicKey);
		// A gap in the chain (no handover 2) stops at the second key; junk is skipped.
		const skipping = signHandover(second, ATELIER, third.publicKey, 3);
		expect(currentAnimateurKey(ATELIER, animateur.publicKey, [first, skipping, null, 'x'])).toBe(second.publicKey);
		// The new animateur's changes verify; the old key's no longer count once the role moved on.
		const now = currentAnimateurKey(ATELIER, animateur.publicKey, [first, next]);
		expect(verifyChange(signChange(third, ATELIER, 'timer', timer, 1), context(new Set([now])))).toEqual({ ok: true });
		expect(verifyChange(signChange(animateur, ATELIER, 'timer', timer, 2), context(new Set([now])))).toEqual({
			ok: false,
			reason: 'unknown-key'
		});
	});
});

describe('canonical JSON', () => {
	it('sorts keys at every level and refuses what JSON cannot carry faithfully', () => {
		expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'é' })).toBe('{"a":"é","b":[2,{"c":null,"d":1}]}');
		expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
		expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow();
		expect(() => canonicalJson(new Date())).toThrow();
		expect(() => canonicalJson(() => 1)).toThrow();
	});
});
