// Editing a Y.Text from a plain text field. A field reports its whole new value; applying only the
// changed span (common prefix and suffix kept) is what lets two people typing in the same cell merge
// instead of overwriting each other.
import type * as Y from 'yjs';
import { transact } from './transact.ts';

export interface TextChange {
	index: number;
	remove: number;
	insert: string;
}

/** The smallest single-span change turning `before` into `after`. */
export function diffText(before: string, after: string): TextChange | null {
	if (before === after) return null;
	let start = 0;
	const max = Math.min(before.length, after.length);
	while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
		endBefore--;
		endAfter--;
	}
	// Never split a surrogate pair (emoji, rare CJK): widen the span to whole code points.
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
	if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
		endBefore++;
		endAfter++;
	}
	return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Replaces lone surrogates (half an emoji, from a bad paste or a cut in the middle of a pair) with
 * U+FFFD. Yjs sends text as UTF-8, where a lone surrogate cannot exist: the sender would keep it and
 * every peer would receive U+FFFD, and the copies would never match again.
 * (A loop rather than String.prototype.toWellFormed or a lookbehind regex: older iPads have neither.)
 */
export function wellFormed(value: string): string {
	let out = '';
	let last = 0;
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (isHighSurrogate(code) && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
			i++;
			continue;
		}
		if (isHighSurrogate(code) || isLowSurrogate(code)) {
			out += value.slice(last, i) + '\ufffd';
			last = i + 1;
		}
	}
	return last === 0 ? value : out + value.slice(last);
}

/** Applies the change from the text's current value to `value`, in one transaction. */
export function setText(text: Y.Text, value: string, origin?: unknown): void {
	const change = diffText(text.toString(), wellFormed(value));
	if (!change) return;
	const apply = () => {
		if (change.remove > 0) text.delete(change.index, change.remove);
		if (change.insert) text.insert(change.index, change.insert);
	};
	transact(text, apply, origin);
}

/** A shared text as the UI sees it: read it, watch it, set it. */
export type SharedText = Y.Text;

export type TextDelta = { retain?: number; insert?: unknown; delete?: number }[];

/**
 * Where a caret at `index` lands after a remote change. Inserts strictly before it push it right;
 * an insert exactly at the caret does not, so the caret stays after the character its owner just
 * typed and two people typing at the same place write whole words instead of interleaved letters.
 */
export function transformIndex(delta: TextDelta, index: number): number {
	// `position` walks the old text: retains and deletes consume it, inserts do not.
	let position = 0;
	let result = index;
	for (const op of delta) {
		if (position > index) break;
		if (op.retain) position += op.retain;
		else if (typeof op.insert === 'string') {
			if (position < index) result += op.insert.length;
		} else if (op.delete) {
			if (position < index) result -= Math.min(op.delete, index - position);
			position += op.delete;
		}
	}
	return Math.max(0, result);
}

/**
 * Calls `listener` with the new value after every change that did not come from `ignoreOrigin`
 * (the field's own typing). Returns an unsubscribe function.
 */
export function watchText(text: Y.Text, listener: (value: string, delta: TextDelta) => void, ignoreOrigin?: unknown): () => void {
	const observer = (event: Y.YTextEvent) => {
		if (ignoreOrigin !== undefined && event.transaction.origin === ignoreOrigin) return;
		listener(text.toString(), event.delta as TextDelta);
	};
	text.observe(observer);
	return () => text.unobserve(observer);
}
