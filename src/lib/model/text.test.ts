import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { diffText, setText, transformIndex, watchText, wellFormed, type TextDelta } from './text.ts';
import { syncAll } from './test-helpers.ts';

describe('diffText', () => {
	it.each([
		['', 'abc', { index: 0, remove: 0, insert: 'abc' }],
		['abc', 'abXc', { index: 2, remove: 0, insert: 'X' }],
		['abc', 'ac', { index: 1, remove: 1, insert: '' }],
		['données', 'donnés', { index: 5, remove: 1, insert: '' }],
		['aaa', 'aaaa', { index: 3, remove: 0, insert: 'a' }],
		['hello world', 'hello brave world', { index: 6, remove: 0, insert: 'brave ' }]
	])('%j → %j', (before, after, change) => {
		expect(diffText(before, after)).toEqual(change);
	});

	it('returns null when nothing changed', () => {
		expect(diffText('même', 'même')).toBeNull();
	});

	it('never splits an emoji (surrogate pair)', () => {
		const change = diffText('a😀b', 'a😃b');
		expect(change).not.toBeNull();
		const { index, remove, insert } = change as NonNullable<typeof change>;
		expect('a😀b'.slice(0, index) + insert + 'a😀b'.slice(index + remove)).toBe('a😃b');
		expect(insert).toBe('😃');
	});
});

describe('setText', () => {
	it('applies only the changed span, so concurrent typing in one field merges', () => {
		const a = new Y.Doc();
		const textA = a.getText('cell');
		setText(textA, 'Le stationnement');
		const b = new Y.Doc();
		syncAll(a, b);
		const textB = b.getText('cell');
		setText(textA, 'Le stationnement en centre-ville');
		setText(textB, 'Améliorer le stationnement');
		syncAll(a, b);
		expect(textA.toString()).toBe(textB.toString());
		expect(textA.toString()).toContain('centre-ville');
		expect(textA.toString()).toContain('Améliorer');
	});

	it('does nothing when the value is unchanged', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		setText(text, 'x');
		let updates = 0;
		doc.on('update', () => updates++);
		setText(text, 'x');
		expect(updates).toBe(0);
	});
});

describe('wellFormed', () => {
	it('replaces lone surrogates and keeps whole pairs', () => {
		expect(wellFormed('a😀b')).toBe('a😀b');
		expect(wellFormed('a\ud83db')).toBe('a\ufffdb');
		expect(wellFormed('\ude00x\ud83d')).toBe('\ufffdx\ufffd');
		expect(wellFormed('plain')).toBe('plain');
	});

	it('keeps two devices identical when half an emoji is pasted', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		setText(a.getText('t'), 'x\ud83d');
		syncAll(a, b);
		expect(b.getText('t').toString()).toBe(a.getText('t').toString());
	});
});

describe('transformIndex (keeping a caret in place under remote edits)', () => {
	it('keeps the caret before a remote insert made exactly at the caret', () => {
		expect(transformIndex([{ retain: 5 }, { insert: 'xyz' }], 5)).toBe(5);
		expect(transformIndex([{ insert: 'xyz' }], 0)).toBe(0);
	});

	it('moves the caret right for inserts before it, not after it', () => {
		expect(transformIndex([{ insert: 'abc' }], 5)).toBe(8);
		expect(transformIndex([{ retain: 2 }, { insert: 'xy' }], 5)).toBe(7);
		expect(transformIndex([{ retain: 6 }, { insert: 'xy' }], 5)).toBe(5);
	});

	it('moves the caret left for deletes before it, and to the start of a deleted span around it', () => {
		expect(transformIndex([{ delete: 2 }], 5)).toBe(3);
		expect(transformIndex([{ retain: 3 }, { delete: 5 }], 5)).toBe(3);
		expect(transformIndex([{ retain: 7 }, { delete: 5 }], 5)).toBe(5);
	});

	it('reads a delta with several inserts and deletes in old-text coordinates', () => {
		// Old "abcdefgh", caret after "f" (6): insert "xyz" at 0, insert "q" at old 2, delete old 3–4.
		const delta = [{ insert: 'xyz' }, { retain: 2 }, { insert: 'q' }, { retain: 1 }, { delete: 2 }];
		expect(transformIndex(delta, 6)).toBe(6 + 3 + 1 - 2);
	});

	it('agrees with a real Y.Text edited by another peer', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.getText('t').insert(0, 'Le comité se réunit chaque mois.');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const caret = 'Le comité se réunit'.length;
		let seen: TextDelta = [];
		const stop = watchText(b.getText('t'), (_value, delta) => (seen = delta));
		a.getText('t').insert(3, 'nouveau ');
		a.getText('t').delete(0, 3);
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		stop();
		const value = b.getText('t').toString();
		expect(value.slice(0, transformIndex(seen, caret))).toBe('nouveau comité se réunit');
	});
});
