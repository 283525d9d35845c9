// Signed facilitation (issue 19), the cryptographic core: pure functions over plain data, no Yjs, no
// storage. The animateur's device holds an Ed25519 key (@noble/curves, audited, pure JS: it works on a
// plain-HTTP tablet page where `crypto.subtle` does not exist); the atelier records its public key at
// creation. A facilitation change (the timer, the agenda, a sheet's rules…) carries the signer's key, a
// counter and a signature over the atelier, the field, the value and the counter:
// - a change moved to another field or another atelier no longer verifies (both are signed);
// - a replayed older change has a counter not above the last one accepted for its field;
// - a co-animateur's key is trusted only through a delegation the animateur signed, and a later signed
//   revocation (a higher counter) withdraws it;
// - handing the animateur role to another laptop is a signed act of the current animateur's key.
// Wiring these into the document and the screens is the rest of issue 19.
import { ed25519 } from '@noble/curves/ed25519.js';
import { base64urlnopad } from '@scure/base';

const DOMAIN = 'atelier-capacities/facilitation/v1';
/** Nesting a facilitation value may have (an agenda: array → step → fields). */
const MAX_DEPTH = 8;
/** Longest canonical text signed (an agenda of a full day is a few KiB). */
const MAX_SIGNED_BYTES = 64 * 1024;

export interface SigningKey {
	/** 32 bytes, base64url: never leaves the animateur's device except in its own backup. */
	secretKey: string;
	/** 32 bytes, base64url. */
	publicKey: string;
}

export interface SignedChange {
	/** The facilitation field, e.g. `timer` or `rules/<sheetId>`. */
	field: string;
	value: unknown;
	/** Strictly increasing per field. */
	n: number;
	/** The signer's public key, base64url. */
	by: string;
	/** Ed25519 signature, base64url. */
	sig: string;
}

export interface Delegation {
	participantId: string;
	/** The co-animateur's public key. */
	key: string;
	granted: boolean;
	/** Strictly increasing per delegated key: the highest valid one decides. */
	n: number;
	/** The animateur key that signed it. */
	by: string;
	sig: string;
}

export interface Handover {
	/** The new animateur's public key. */
	key: string;
	/** Position in the chain of animateurs: 1 for the first handover. */
	n: number;
	by: string;
	sig: string;
}

export type Refusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'replayed' | 'wrong-field';

export type Verdict = { ok: true } | { ok: false; reason: Refusal };

/** What a facilitator is told, in French, about a change their device refused. */
export const REFUSAL_MESSAGES: Record<Refusal, string> = {
	malformed: 'Une modification de l’animation illisible a été ignorée.',
	'unknown-key': 'Une modification de l’animation signée par un appareil qui n’anime pas a été ignorée.',
	'bad-signature': 'Une modification de l’animation dont la signature ne correspond pas a été ignorée.',
	replayed: 'Une ancienne modification de l’animation, renvoyée, a été ignorée.',
	'wrong-field': 'Une modification de l’animation déplacée d’un réglage à un autre a été ignorée.'
};

export function newSigningKey(): SigningKey {
	const { secretKey, publicKey } = ed25519.keygen();
	return { secretKey: base64urlnopad.encode(secretKey), publicKey: base64urlnopad.encode(publicKey) };
}

/** The public key of a secret key (to check a key restored from a backup). */
export function publicKeyOf(secretKey: string): string {
	return base64urlnopad.encode(ed25519.getPublicKey(base64urlnopad.decode(secretKey)));
}

/**
 * JSON with object keys sorted, so that every device signs and checks the same bytes for the same value.
 * Only what JSON can carry faithfully: finite numbers, strings, booleans, null, arrays and plain objects.
 */
export function canonicalJson(value: unknown, depth = 0): string {
	if (depth > MAX_DEPTH) throw new RangeError('too deep');
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new RangeError('not a finite number');
		return JSON.stringify(value);
	}
	if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
	if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(',')}}`;
	}
	throw new TypeError('not JSON');
}

function message(atelierId: string, kind: 'change' | 'delegation' | 'handover', payload: unknown): Uint8Array {
	const text = `${DOMAIN}\n${atelierId}\n${kind}\n${canonicalJson(payload)}`;
	const bytes = new TextEncoder().encode(text);
	if (bytes.byteLength > MAX_SIGNED_BYTES) throw new RangeError('too large');
	return bytes;
}

/** The message of data read from the document, or null when it cannot be one (too large, not JSON). */
function messageOf(atelierId: string, kind: 'change' | 'delegation' | 'handover', payload: unknown): Uint8Array | null {
	try {
		return message(atelierId, kind, payload);
	} catch {
		return null;
	}
}

function sign(secretKey: string, bytes: Uint8Array): string {
	return base64urlnopad.encode(ed25519.sign(bytes, base64urlnopad.decode(secretKey)));
}

/** Whether `sig` is `by`'s signature of `bytes`; false for anything malformed, never a throw. */
function verify(sig: unknown, bytes: Uint8Array | null, by: unknown): boolean {
	if (bytes === null || typeof sig !== 'string' || typeof by !== 'string') return false;
	try {
		const signature = base64urlnopad.decode(sig);
		const key = base64urlnopad.decode(by);
		if (signature.length !== 64 || key.length !== 32) return false;
		return ed25519.verify(signature, bytes, key);
	} catch {
		return false;
	}
}

const isCounter = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

export function signChange(key: SigningKey, atelierId: string, field: string, value: unknown, n: number): SignedChange {
	if (!isCounter(n)) throw new RangeError('counter');
	const sig = sign(key.secretKey, message(atelierId, 'change', { field, value, n }));
	return { field, value, n, by: key.publicKey, sig };
}

/**
 * Checks a change read from the document for `field`: signed by a trusted key, for this atelier and this
 * field, with a counter above `lastN` (the highest this device accepted for the field, 0 if none).
 */
export function verifyChange(
	change: unknown,
	context: { atelierId: string; field: string; trusted: ReadonlySet<string>; lastN: number }
): Verdict {
	if (typeof change !== 'object' || change === null) return { ok: false, reason: 'malformed' };
	const c = change as Partial<SignedChange>;
	if (typeof c.field !== 'string' || !isCounter(c.n) || typeof c.by !== 'string' || typeof c.sig !== 'string' || !('value' in c))
		return { ok: false, reason: 'malformed' };
	if (c.field !== context.field) return { ok: false, reason: 'wrong-field' };
	if (!context.trusted.has(c.by)) return { ok: false, reason: 'unknown-key' };
	const bytes = messageOf(context.atelierId, 'change', { field: c.field, value: c.value, n: c.n });
	if (bytes === null) return { ok: false, reason: 'malformed' };
	if (!verify(c.sig, bytes, c.by)) return { ok: false, reason: 'bad-signature' };
	if (c.n <= context.lastN) return { ok: false, reason: 'replayed' };
	return { ok: true };
}

export function signDelegation(
	animateur: SigningKey,
	atelierId: string,
	participantId: string,
	key: string,
	granted: boolean,
	n: number
): Delegation {
	if (!isCounter(n)) throw new RangeError('counter');
	const sig = sign(animateur.secretKey, message(atelierId, 'delegation', { participantId, key, granted, n }));
	return { participantId, key, granted, n, by: animateur.publicKey, sig };
}

export function signHandover(current: SigningKey, atelierId: string, key: string, n: number): Handover {
	if (!isCounter(n)) throw new RangeError('counter');
	const sig = sign(current.secretKey, message(atelierId, 'handover', { key, n }));
	return { key, n, by: current.publicKey, sig };
}

/**
 * The animateur's key now: from the key recorded at the atelier's creation, each handover in turn (1, 2, …)
 * signed by the key before it. A chain with a gap or a bad link stops at the last good key.
 */
export function currentAnimateurKey(atelierId: string, createdWith: string, handovers: readonly unknown[]): string {
	let key = createdWith;
	const byPosition = new Map<number, Handover[]>();
	for (const h of handovers) {
		const handover = h as Partial<Handover>;
		if (typeof h !== 'object' || h === null || !isCounter(handover.n) || typeof handover.key !== 'string') continue;
		byPosition.set(handover.n, [...(byPosition.get(handover.n) ?? []), handover as Handover]);
	}
	for (let n = 1; ; n++) {
		const next = byPosition.get(n)?.find((h) => h.by === key && verify(h.sig, messageOf(atelierId, 'handover', { key: h.key, n }), key));
		if (!next) return key;
		key = next.key;
	}
}

/**
 * Keys allowed to sign facilitation changes: the animateur's, and each co-animateur's whose latest valid
 * delegation (highest counter, signed by the animateur's key) grants it.
 */
export function trustedKeys(atelierId: string, animateurKey: string, delegations: readonly unknown[]): Set<string> {
	const latest = new Map<string, Delegation>();
	for (const d of delegations) {
		if (typeof d !== 'object' || d === null) continue;
		const delegation = d as Partial<Delegation>;
		if (
			typeof delegation.key !== 'string' ||
			typeof delegation.participantId !== 'string' ||
			typeof delegation.granted !== 'boolean' ||
			!isCounter(delegation.n) ||
			delegation.by !== animateurKey
		)
			continue;
		const bytes = messageOf(atelierId, 'delegation', {
			participantId: delegation.participantId,
			key: delegation.key,
			granted: delegation.granted,
			n: delegation.n
		});
		if (!verify(delegation.sig, bytes, animateurKey)) continue;
		const known = latest.get(delegation.key);
		if (!known || delegation.n > known.n) latest.set(delegation.key, delegation as Delegation);
	}
	const keys = new Set([animateurKey]);
	for (const [key, delegation] of latest) if (delegation.granted) keys.add(key);
	return keys;
}
