// Signed facilitation in the document (issue 19, second step): where signed entries live and how a
// device reads them. Not yet used by the facilitation modules (timer, rules, agenda…): they move onto
// it one by one.
//
// Layout: the `signedFacilitation` map holds one signed change per field (the latest written); the
// `facilitationDelegations` and `facilitationHandovers` arrays hold the animateur's signed acts; the
// animateur's key at creation is passed in by the caller (recorded with the atelier's metadata).
//
// A device remembers, per field, the last change it accepted (`AcceptedChanges`). Reading a field gives
// the value of a verified change with a higher counter, or the same change again; anything else (a
// forged, tampered, moved or replayed entry written straight into the document) is refused and the last
// accepted value stays what this device shows.
import * as Y from 'yjs';
import {
	currentAnimateurKey,
	signChange,
	trustedKeys,
	verifyChange,
	type Delegation,
	type Handover,
	type Refusal,
	type SignedChange,
	type SigningKey
} from './signing.ts';

export const signedMap = (doc: Y.Doc) => doc.getMap<unknown>('signedFacilitation');
export const delegationsOf = (doc: Y.Doc) => doc.getArray<unknown>('facilitationDelegations');
export const handoversOf = (doc: Y.Doc) => doc.getArray<unknown>('facilitationHandovers');

interface Accepted {
	n: number;
	sig: string;
	value: unknown;
}

/** What this device accepted per field: kept across reads (and, once wired, across reloads). */
export class AcceptedChanges {
	readonly #fields = new Map<string, Accepted>();

	get(field: string): Accepted | undefined {
		return this.#fields.get(field);
	}

	accept(field: string, change: SignedChange): void {
		this.#fields.set(field, { n: change.n, sig: change.sig, value: change.value });
	}

	/** Plain data, to keep with the device's copy of the atelier. */
	toJSON(): Record<string, Accepted> {
		return Object.fromEntries(this.#fields);
	}

	static fromJSON(data: unknown): AcceptedChanges {
		const accepted = new AcceptedChanges();
		if (typeof data !== 'object' || data === null) return accepted;
		for (const [field, entry] of Object.entries(data as Record<string, Partial<Accepted>>)) {
			if (typeof entry?.n === 'number' && Number.isSafeInteger(entry.n) && entry.n > 0 && typeof entry.sig === 'string')
				accepted.#fields.set(field, { n: entry.n, sig: entry.sig, value: entry.value });
		}
		return accepted;
	}
}

export interface SignedRead {
	/** The value this device shows: the latest accepted, or undefined if none ever was. */
	value: unknown;
	/** Why the entry now in the document was refused, or null. */
	refusal: Refusal | null;
}

/** The keys allowed to sign now: the current animateur's (after handovers) and delegated co-animateurs'. */
export function signersOf(doc: Y.Doc, atelierId: string, createdWith: string): Set<string> {
	const animateur = currentAnimateurKey(atelierId, createdWith, handoversOf(doc).toArray());
	return trustedKeys(atelierId, animateur, delegationsOf(doc).toArray());
}

export function readSigned(doc: Y.Doc, atelierId: string, createdWith: string, field: string, accepted: AcceptedChanges): SignedRead {
	const entry = signedMap(doc).get(field);
	const known = accepted.get(field);
	if (entry === undefined) return { value: known?.value, refusal: null };
	// The change this device already accepted, read again.
	if (known && typeof entry === 'object' && entry !== null && (entry as Partial<SignedChange>).sig === known.sig)
		return { value: known.value, refusal: null };
	const verdict = verifyChange(entry, { atelierId, field, trusted: signersOf(doc, atelierId, createdWith), lastN: known?.n ?? 0 });
	if (!verdict.ok) return { value: known?.value, refusal: verdict.reason };
	accepted.accept(field, entry as SignedChange);
	return { value: (entry as SignedChange).value, refusal: null };
}

/** Writes a signed change of `field`, with a counter above any this device accepted or the document holds. */
export function writeSigned(
	doc: Y.Doc,
	key: SigningKey,
	atelierId: string,
	field: string,
	value: unknown,
	accepted: AcceptedChanges
): SignedChange {
	const current = signedMap(doc).get(field) as Partial<SignedChange> | undefined;
	const seen = Math.max(accepted.get(field)?.n ?? 0, typeof current?.n === 'number' && Number.isSafeInteger(current.n) ? current.n : 0);
	const change = signChange(key, atelierId, field, value, seen + 1);
	// Not accepted here: this device reads it back like any other (a key whose delegation was revoked, or
	// that lost the animateur role, is refused on its own screen too).
	signedMap(doc).set(field, change);
	return change;
}

export function addDelegation(doc: Y.Doc, delegation: Delegation): void {
	delegationsOf(doc).push([delegation]);
}

export function addHandover(doc: Y.Doc, handover: Handover): void {
	handoversOf(doc).push([handover]);
}
