// Random identifiers for participants, sheets and rows. Uses crypto.getRandomValues, which exists
// in every browser context, including a plain-HTTP LAN page where crypto.randomUUID does not.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random id of `length` characters from [a-z0-9] (≈ 5.2 bits each; 16 chars ≈ 82 bits). */
export function newId(length = 16): string {
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	let out = '';
	// 252 = 7 × 36: rejecting bytes above it keeps every character equally likely.
	for (let i = 0; out.length < length; i++) {
		if (i === bytes.length) {
			crypto.getRandomValues(bytes);
			i = 0;
		}
		const b = bytes[i] as number;
		if (b < 252) out += ALPHABET[b % 36];
	}
	return out;
}
