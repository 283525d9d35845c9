// What the relay lets through to Hocuspocus: every frame is decoded and checked here first, so a
// malformed, truncated or hostile frame is refused with one counted reason and never reaches code that
// would throw (and log a stack trace) or queue it. Pure functions, fuzz-tested on their own.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MAX_UPDATE_BYTES } from '../lib/shared/limits.ts';

/** Hocuspocus message types (client → server) that the app's provider sends. */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, syncReply: 4, close: 7 } as const;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** Largest awareness update (a device's name, colour, focus, sync state, state vector, countdown). */
export const MAX_AWARENESS_BYTES = 64 * 1024;

export type FrameRefusal = 'not-binary' | 'malformed' | 'unknown-type' | 'bad-update' | 'update-too-large' | 'bad-awareness';

/** Most device states in one awareness update (a device forwards those it learnt over WebRTC). */
export const MAX_AWARENESS_STATES = 64;

export type RelayFrame =
	| { ok: true; documentName: string; type: 'auth'; token: string }
	| { ok: true; documentName: string; type: 'update'; update: Uint8Array }
	| { ok: true; documentName: string; type: 'awareness'; clients: number[] }
	| { ok: true; documentName: string; type: 'close' }
	| { ok: true; documentName: string; type: 'other' }
	| { ok: false; reason: FrameRefusal };

function refuse(reason: FrameRefusal): RelayFrame {
	return { ok: false, reason };
}

/** An update with no struct and an empty delete set: what a sync step 2 carries when nothing is new. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

/** The client ids of an awareness update, or null if it is malformed or too large. */
function awarenessClients(bytes: Uint8Array): number[] | null {
	if (bytes.byteLength > MAX_AWARENESS_BYTES) return null;
	const decoder = decoding.createDecoder(bytes);
	const count = decoding.readVarUint(decoder);
	if (count > MAX_AWARENESS_STATES) return null;
	const clients: number[] = [];
	for (let i = 0; i < count; i++) {
		clients.push(decoding.readVarUint(decoder));
		decoding.readVarUint(decoder); // clock
		JSON.parse(decoding.readVarString(decoder));
	}
	return clients;
}

/**
 * Decodes one relay frame whole. Sync updates are decoded by Yjs without touching any document, so
 * what reaches the room (and its journal on disk) always applies.
 */
export function inspectRelayFrame(data: unknown): RelayFrame {
	if (!(data instanceof Uint8Array)) return refuse('not-binary');
	try {
		const decoder = decoding.createDecoder(data);
		const documentName = decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE.sync:
			case MESSAGE.syncReply: {
				const step = decoding.readVarUint(decoder);
				if (step === SYNC_STEP1) {
					Y.decodeStateVector(decoding.readVarUint8Array(decoder));
					return { ok: true, documentName, type: 'other' };
				}
				if (step !== SYNC_STEP2 && step !== SYNC_UPDATE) return refuse('unknown-type');
				const update = decoding.readVarUint8Array(decoder);
				if (update.byteLength > MAX_UPDATE_BYTES) return refuse('update-too-large');
				if (update.byteLength === 0) return refuse('bad-update');
				try {
					Y.decodeUpdate(update);
				} catch {
					return refuse('bad-update');
				}
				return { ok: true, documentName, type: 'update', update };
			}
			case MESSAGE.awareness: {
				let clients: number[] | null;
				try {
					clients = awarenessClients(decoding.readVarUint8Array(decoder));
				} catch {
					clients = null;
				}
				return clients ? { ok: true, documentName, type: 'awareness', clients } : refuse('bad-awareness');
			}
			case MESSAGE.auth: {
				if (decoding.readVarUint(decoder) !== 0) return refuse('unknown-type');
				return { ok: true, documentName, type: 'auth', token: decoding.readVarString(decoder) };
			}
			case MESSAGE.close:
				return { ok: true, documentName, type: 'close' };
			case MESSAGE.queryAwareness:
				return { ok: true, documentName, type: 'other' };
			default:
				return refuse('unknown-type');
		}
	} catch {
		return refuse('malformed');
	}
}
