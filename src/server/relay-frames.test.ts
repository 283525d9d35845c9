import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_UPDATE_BYTES } from '../lib/shared/limits.ts';
import { inspectRelayFrame, isEmptyUpdate } from './relay-frames.ts';

function frame(parts: (e: encoding.Encoder) => void, name = 'salle'): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, name);
	parts(encoder);
	return encoding.toUint8Array(encoder);
}

function awareness(states: number): Uint8Array {
	return frame((e) => {
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, states);
		for (let i = 0; i < states; i++) {
			encoding.writeVarUint(inner, i);
			encoding.writeVarUint(inner, 1);
			encoding.writeVarString(inner, '{"user":{"name":"Ana"}}');
		}
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	});
}

const doc = new Y.Doc();
doc.getText('t').insert(0, 'bonjour');
const update = Y.encodeStateAsUpdate(doc);
const valid = {
	auth: frame((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'jeton'))),
	step1: frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)))),
	step2: frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update))),
	update: frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))),
	queryAwareness: frame((e) => encoding.writeVarUint(e, 3)),
	close: frame((e) => encoding.writeVarUint(e, 7))
};

describe('inspectRelayFrame', () => {
	it('reads the messages the app’s provider sends', () => {
		expect(inspectRelayFrame(valid.auth)).toEqual({ ok: true, documentName: 'salle', type: 'auth', token: 'jeton' });
		expect(inspectRelayFrame(valid.step1)).toEqual({ ok: true, documentName: 'salle', type: 'other' });
		for (const f of [valid.step2, valid.update]) expect(inspectRelayFrame(f)).toMatchObject({ ok: true, type: 'update', update });
		expect(inspectRelayFrame(valid.queryAwareness)).toMatchObject({ ok: true, type: 'other' });
		expect(inspectRelayFrame(valid.close)).toMatchObject({ ok: true, type: 'close' });
		expect(inspectRelayFrame(awareness(3))).toEqual({ ok: true, documentName: 'salle', type: 'awareness', clients: [0, 1, 2] });
	});

	it.each([
		['text', 'bonjour', 'not-binary'],
		['empty', new Uint8Array(0), 'malformed'],
		['broadcast stateless', frame((e) => (encoding.writeVarUint(e, 6), encoding.writeVarString(e, 'x'))), 'unknown-type'],
		['unknown sync step', frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 9))), 'unknown-type'],
		[
			'empty update',
			frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, new Uint8Array(0)))),
			'bad-update'
		],
		[
			'garbage update',
			frame(
				(e) => (
					encoding.writeVarUint(e, 0),
					encoding.writeVarUint(e, 2),
					encoding.writeVarUint8Array(e, new Uint8Array([255, 255, 255, 255, 15]))
				)
			),
			'bad-update'
		],
		[
			'oversized update',
			frame(
				(e) => (
					encoding.writeVarUint(e, 0),
					encoding.writeVarUint(e, 2),
					encoding.writeVarUint8Array(e, new Uint8Array(MAX_UPDATE_BYTES + 1))
				)
			),
			'update-too-large'
		],
		[
			'awareness not JSON',
			frame((e) => {
				const inner = encoding.createEncoder();
				encoding.writeVarUint(inner, 1);
				encoding.writeVarUint(inner, 1);
				encoding.writeVarUint(inner, 1);
				encoding.writeVarString(inner, '{pas du json');
				encoding.writeVarUint(e, 1);
				encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
			}),
			'bad-awareness'
		],
		['awareness with more device states than a room has', awareness(65), 'bad-awareness'],
		['auth of another kind', frame((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 1))), 'unknown-type']
	])('refuses %s', (_name, data, reason) => {
		expect(inspectRelayFrame(data)).toEqual({ ok: false, reason });
	});

	it('never throws on any truncation or any single flipped byte of valid frames, nor on random bytes', () => {
		let seed = 42;
		const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
		let checked = 0;
		for (const f of Object.values(valid)) {
			for (let cut = 0; cut < f.length; cut++) {
				expect(() => inspectRelayFrame(f.slice(0, cut))).not.toThrow();
				const flipped = f.slice();
				flipped[cut] = Math.floor(random() * 256);
				const result = inspectRelayFrame(flipped);
				// Whatever it lets through as an update decodes.
				if (result.ok && result.type === 'update') expect(() => Y.decodeUpdate(result.update)).not.toThrow();
				checked += 2;
			}
		}
		for (let i = 0; i < 2_000; i++) {
			const bytes = Uint8Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256));
			expect(() => inspectRelayFrame(bytes)).not.toThrow();
			checked++;
		}
		expect(checked).toBeGreaterThan(2_000);
	});

	it('knows an update with nothing in it', () => {
		expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
		expect(isEmptyUpdate(update)).toBe(false);
	});
});
