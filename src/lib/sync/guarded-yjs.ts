// The `yjs` module as seen by y-webrtc, y-protocols and the Hocuspocus provider (wired by the Vite
// plugin in vite.config.ts): everything is the real Yjs, except `applyUpdate`, which checks an
// incoming update whole before applying it. A malformed or oversized update from a peer or the relay
// is refused and reported; the local document is left untouched and the connection keeps working.
import * as Y from 'yjs';
import { checkUpdate, type UpdateProblem } from '$lib/model/updates';

export * from 'yjs';

type RejectListener = (problem: UpdateProblem, bytes: number) => void;
const listeners = new Set<RejectListener>();

/** Called whenever a remote update is refused. Returns an unsubscribe function. */
export function onRejectedUpdate(listener: RejectListener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function applyUpdate(doc: Y.Doc, update: Uint8Array, origin?: unknown): void {
	const problem = checkUpdate(update);
	if (problem) {
		const bytes = update instanceof Uint8Array ? update.byteLength : 0;
		for (const listener of listeners) listener(problem, bytes);
		return;
	}
	Y.applyUpdate(doc, update, origin);
}
