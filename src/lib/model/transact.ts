import type * as Y from 'yjs';

/** Runs `fn` in one transaction of the type's doc (or directly, for a type not yet in a doc). */
export function transact(type: { doc: Y.Doc | null }, fn: () => void, origin?: unknown): void {
	if (type.doc) type.doc.transact(fn, origin);
	else fn();
}
