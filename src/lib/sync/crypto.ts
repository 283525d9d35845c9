// Drop-in replacement for y-webrtc's src/crypto.js (wired by the Vite plugin in vite.config.ts).
//
// y-webrtc encrypts signaling and BroadcastChannel messages with a key derived from the room
// password through `crypto.subtle`, which does not exist on a plain-HTTP page (a tablet that loads
// the app from the facilitator's laptop on the LAN). Without it y-webrtc throws and the room stays
// unencrypted or unusable. This module keeps y-webrtc's exact wire format — PBKDF2-SHA256 with
// 100,000 iterations and the room name as salt, AES-256-GCM with a random 12-byte IV, framed as
// varString('AES-GCM') · varUint8Array(iv) · varUint8Array(ciphertext) — so a secure page and an
// insecure one talk to each other, but computes it with the audited pure-JS @noble libraries when
// WebCrypto is missing. A message that does not decrypt (wrong key, tampering, another format) is
// dropped and reported to the listeners below instead of surfacing as an unhandled rejection.
import { gcm } from '@noble/ciphers/aes.js';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const PBKDF2_ITERATIONS = 100_000;
const ALGORITHM = 'AES-GCM';

/** A derived 32-byte key. Opaque to y-webrtc, which only passes it back to this module. */
export type RoomKey = Uint8Array;

type DecryptFailureListener = (reason: string) => void;
const failureListeners = new Set<DecryptFailureListener>();

/** Called whenever an incoming encrypted message is dropped. Returns an unsubscribe function. */
export function onDecryptFailure(listener: DecryptFailureListener): () => void {
	failureListeners.add(listener);
	return () => failureListeners.delete(listener);
}

function reportFailure(reason: string): void {
	for (const listener of failureListeners) listener(reason);
}

const utf8 = new TextEncoder();

export async function deriveKey(secret: string, roomName: string): Promise<RoomKey> {
	const password = utf8.encode(secret);
	const salt = utf8.encode(roomName);
	const subtle = globalThis.crypto?.subtle;
	if (subtle) {
		const material = await subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
		const bits = await subtle.deriveBits({ name: 'PBKDF2', salt, iterations: PBKDF2_ITERATIONS, hash: 'SHA-256' }, material, 256);
		return new Uint8Array(bits);
	}
	return pbkdf2Async(sha256, password, salt, { c: PBKDF2_ITERATIONS, dkLen: 32, asyncTick: 10 });
}

export function encrypt(data: Uint8Array, key: RoomKey | null): Promise<Uint8Array> {
	if (!key) return Promise.resolve(data);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const cipher = gcm(key, iv).encrypt(data);
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, ALGORITHM);
	encoding.writeVarUint8Array(encoder, iv);
	encoding.writeVarUint8Array(encoder, cipher);
	return Promise.resolve(encoding.toUint8Array(encoder));
}

export function encryptJson(data: unknown, key: RoomKey | null): Promise<Uint8Array> {
	const encoder = encoding.createEncoder();
	encoding.writeAny(encoder, data as Parameters<typeof encoding.writeAny>[1]);
	return encrypt(encoding.toUint8Array(encoder), key);
}

/** Never settles: y-webrtc then simply ignores the message. */
function dropped<T>(reason: string): Promise<T> {
	reportFailure(reason);
	return new Promise<T>(() => {});
}

/** Decrypts, or throws with a reason. Exposed for tests. */
export function open(data: Uint8Array, key: RoomKey): Uint8Array {
	const decoder = decoding.createDecoder(data);
	const algorithm = decoding.readVarString(decoder);
	if (algorithm !== ALGORITHM) throw new Error(`unknown algorithm ${algorithm.slice(0, 20)}`);
	const iv = decoding.readVarUint8Array(decoder);
	const cipher = decoding.readVarUint8Array(decoder);
	if (iv.length !== 12) throw new Error('bad IV');
	return gcm(key, iv).decrypt(cipher);
}

export function decrypt(data: Uint8Array, key: RoomKey | null): Promise<Uint8Array> {
	if (!key) return Promise.resolve(data);
	try {
		return Promise.resolve(open(data, key));
	} catch (error) {
		return dropped(error instanceof Error ? error.message : 'undecryptable');
	}
}

export function decryptJson(data: Uint8Array, key: RoomKey | null): Promise<unknown> {
	return decrypt(data, key).then((plain) => {
		try {
			return decoding.readAny(decoding.createDecoder(plain));
		} catch {
			return dropped('undecodable payload');
		}
	});
}
