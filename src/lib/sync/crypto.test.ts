// The replacement of y-webrtc's crypto must speak y-webrtc's wire format: messages encrypted by
// one side decrypt on the other, with WebCrypto (secure pages) and without it (plain-HTTP LAN pages).
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ours from './crypto.ts';
// y-webrtc's original module, imported by path (the package exports only its entry point).
// @ts-expect-error: plain JavaScript without declarations
import * as original from '../../../node_modules/y-webrtc/src/crypto.js';

const ROOM = 'ab12cd34ef56gh78jk90mn12pq';
const SECRET = 'K3F9ZQ7M2XW4HT8B';

afterEach(() => vi.unstubAllGlobals());

async function withoutSubtle<T>(run: () => Promise<T>): Promise<T> {
	const real = globalThis.crypto;
	vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
	try {
		return await run();
	} finally {
		vi.unstubAllGlobals();
	}
}

describe('signaling encryption', () => {
	it('derives the same key with and without WebCrypto', async () => {
		const secure = await ours.deriveKey(SECRET, ROOM);
		const insecure = await withoutSubtle(() => ours.deriveKey(SECRET, ROOM));
		expect(insecure).toEqual(secure);
		expect(secure).toHaveLength(32);
		expect(await ours.deriveKey(SECRET, 'another-room')).not.toEqual(secure);
	});

	it('round-trips JSON and bytes', async () => {
		const key = await ours.deriveKey(SECRET, ROOM);
		const message = { type: 'signal', from: 'é', signal: { sdp: 'v=0\r\n'.repeat(50) } };
		const sealed = await ours.encryptJson(message, key);
		expect(new TextDecoder().decode(sealed)).not.toContain('signal');
		expect(await ours.decryptJson(sealed, key)).toEqual(message);
		const bytes = crypto.getRandomValues(new Uint8Array(1000));
		expect(await ours.decrypt(await ours.encrypt(bytes, key), key)).toEqual(bytes);
	});

	it('interoperates with y-webrtc’s own WebCrypto implementation in both directions', async () => {
		const theirKey = await original.deriveKey(SECRET, ROOM);
		const ourKey = await withoutSubtle(() => ours.deriveKey(SECRET, ROOM));
		const message = { type: 'announce', from: 'peer-1' };
		const fromThem = await original.encryptJson(message, theirKey);
		expect(await ours.decryptJson(fromThem, ourKey)).toEqual(message);
		const fromUs = await ours.encryptJson(message, ourKey);
		expect(await original.decryptJson(fromUs, theirKey)).toEqual(message);
	});

	it('drops and reports a message sealed with another key, tampered with, or not encrypted', async () => {
		const key = await ours.deriveKey(SECRET, ROOM);
		const wrong = await ours.deriveKey('ANOTHERSECRET123', ROOM);
		const reasons: string[] = [];
		const stop = ours.onDecryptFailure((reason) => reasons.push(reason));
		const settled = vi.fn();
		const sealed = await ours.encryptJson({ hello: 1 }, wrong);
		void ours.decryptJson(sealed, key).then(settled, settled);
		const tampered = sealed.slice();
		tampered.set([(tampered.at(-1) ?? 0) ^ 1], tampered.length - 1);
		void ours.decryptJson(tampered, wrong).then(settled, settled);
		void ours.decrypt(new TextEncoder().encode('{"plain":true}'), key).then(settled, settled);
		void ours.decrypt(new Uint8Array(0), key).then(settled, settled);
		await new Promise((resolve) => setTimeout(resolve, 20));
		stop();
		expect(settled).not.toHaveBeenCalled();
		expect(reasons).toHaveLength(4);
		expect(() => ours.open(sealed, key)).toThrow();
	});

	it('passes data through when the room has no password, as y-webrtc does', async () => {
		const data = new Uint8Array([1, 2, 3]);
		expect(await ours.encrypt(data, null)).toBe(data);
		expect(await ours.decrypt(data, null)).toBe(data);
	});
});
