import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as guarded from './guarded-yjs.ts';
import { MAX_UPDATE_BYTES } from '$lib/model/updates';

function docWithText(text: string): Y.Doc {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return doc;
}

describe('guarded applyUpdate (what the providers see as Yjs)', () => {
	it('applies a good update like Yjs does', () => {
		const source = docWithText('bonjour');
		const target = new Y.Doc();
		guarded.applyUpdate(target, Y.encodeStateAsUpdate(source));
		expect(target.getText('t').toString()).toBe('bonjour');
	});

	it('refuses truncated, random, empty and oversized updates, leaving the doc untouched', () => {
		const target = docWithText('déjà là');
		const before = Y.encodeStateAsUpdate(target);
		const good = Y.encodeStateAsUpdate(docWithText('x'.repeat(500)));
		const big = new Y.Doc();
		big.getText('t').insert(0, 'a'.repeat(MAX_UPDATE_BYTES + 10));
		const bad: [Uint8Array, string][] = [
			[good.slice(0, good.length - 7), 'malformed'],
			[crypto.getRandomValues(new Uint8Array(256)).map((b, i) => (i === 0 ? 200 : b)), 'malformed'],
			[new Uint8Array(0), 'empty'],
			[Y.encodeStateAsUpdate(big), 'too-large']
		];
		const seen: string[] = [];
		const stop = guarded.onRejectedUpdate((problem) => seen.push(problem));
		for (const [update] of bad) expect(() => guarded.applyUpdate(target, update)).not.toThrow();
		stop();
		expect(seen).toEqual(bad.map(([, problem]) => problem));
		expect(Y.encodeStateAsUpdate(target)).toEqual(before);
		expect(target.getText('t').toString()).toBe('déjà là');
	});

	it('re-exports the rest of Yjs unchanged', () => {
		expect(guarded.Doc).toBe(Y.Doc);
		expect(guarded.encodeStateAsUpdate).toBe(Y.encodeStateAsUpdate);
	});
});
