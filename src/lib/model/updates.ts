// Validation of Yjs updates that come from outside this device's own editing: peers, the relay,
// stored rows, imported files. An update is checked whole before it touches a document, so a bad one
// is rejected and the document stays exactly as it was.
import * as Y from 'yjs';
import { MAX_UPDATE_BYTES } from '../shared/limits.ts';

/** Largest update accepted from a peer or the relay (see src/lib/shared/limits.ts). */
export { MAX_UPDATE_BYTES };

export type UpdateProblem = 'not-bytes' | 'empty' | 'too-large' | 'malformed';

/** Returns why an update must be refused, or null when it can be applied. */
export function checkUpdate(update: unknown, maxBytes = MAX_UPDATE_BYTES): UpdateProblem | null {
	if (!(update instanceof Uint8Array)) return 'not-bytes';
	if (update.byteLength === 0) return 'empty';
	if (update.byteLength > maxBytes) return 'too-large';
	try {
		// Decodes every struct and the delete set without touching any document.
		Y.decodeUpdate(update);
	} catch {
		return 'malformed';
	}
	return null;
}

/**
 * Applies an update only if it is well-formed; returns the problem otherwise. The document is
 * unchanged when a problem is returned.
 */
export function applyCheckedUpdate(doc: Y.Doc, update: Uint8Array, origin?: unknown, maxBytes = MAX_UPDATE_BYTES): UpdateProblem | null {
	const problem = checkUpdate(update, maxBytes);
	if (problem) return problem;
	Y.applyUpdate(doc, update, origin);
	return null;
}
