// Signed facilitation in real Yjs documents (issue 19): the animateur's laptop and a participant's
// tablet exchange updates; a modified client writes straight into the document.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AcceptedChanges, addDelegation, addHandover, readSigned, signedMap, writeSigned } from './signed-state.ts';
import { newSigningKey, signChange, signDelegation, signHandover } from './signing.ts';

const ATELIER = 'atelier-1';

/** Two devices kept in step both ways, as the relay or a peer would. */
function room(): { laptop: Y.Doc; tablet: Y.Doc } {
	const laptop = new Y.Doc();
	const tablet = new Y.Doc();
	laptop.on('update', (u: Uint8Array) => Y.applyUpdate(tablet, u));
	tablet.on('update', (u: Uint8Array) => Y.applyUpdate(laptop, u));
	return { laptop, tablet };
}

describe('signed facilitation in the document', () => {
	it('shows every device the animateur’s signed value, and keeps it when a participant forges one', () => {
		const animateur = newSigningKey();
		const { laptop, tablet } = room();
		const onLaptop = new AcceptedChanges();
		const onTablet = new AcceptedChanges();
		writeSigned(laptop, animateur, ATELIER, 'timer', { remainingMs: 600_000, running: true }, onLaptop);
		expect(readSigned(laptop, ATELIER, animateur.publicKey, 'timer', onLaptop).refusal).toBeNull();
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'timer', onTablet)).toEqual({
			value: { remainingMs: 600_000, running: true },
			refusal: null
		});
		// Read again: the same accepted change, no refusal.
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'timer', onTablet).refusal).toBeNull();

		// A modified client on the tablet writes its own "signed" stop straight into the document.
		const intruder = newSigningKey();
		signedMap(tablet).set('timer', signChange(intruder, ATELIER, 'timer', { remainingMs: 0, running: false }, 1_000));
		for (const [doc, accepted] of [
			[laptop, onLaptop],
			[tablet, onTablet]
		] as const) {
			expect(readSigned(doc, ATELIER, animateur.publicKey, 'timer', accepted)).toEqual({
				value: { remainingMs: 600_000, running: true },
				refusal: 'unknown-key'
			});
		}
		// The animateur's next change goes above whatever the document holds, and is accepted everywhere.
		writeSigned(laptop, animateur, ATELIER, 'timer', { remainingMs: 300_000, running: false }, onLaptop);
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'timer', onTablet)).toEqual({
			value: { remainingMs: 300_000, running: false },
			refusal: null
		});
	});

	it('refuses an old signed change written back (a replay), on a device that saw the newer one', () => {
		const animateur = newSigningKey();
		const { laptop, tablet } = room();
		const onTablet = new AcceptedChanges();
		const locked = writeSigned(laptop, animateur, ATELIER, 'rules/fiche-1', { locked: false }, new AcceptedChanges());
		readSigned(tablet, ATELIER, animateur.publicKey, 'rules/fiche-1', onTablet);
		writeSigned(laptop, animateur, ATELIER, 'rules/fiche-1', { locked: true }, new AcceptedChanges());
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'rules/fiche-1', onTablet).value).toEqual({ locked: true });
		signedMap(tablet).set('rules/fiche-1', locked);
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'rules/fiche-1', onTablet)).toEqual({
			value: { locked: true },
			refusal: 'replayed'
		});
		// Kept across a reload of the device through its plain-data form.
		const reloaded = AcceptedChanges.fromJSON(JSON.parse(JSON.stringify(onTablet)));
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'rules/fiche-1', reloaded).refusal).toBe('replayed');
		expect(AcceptedChanges.fromJSON({ a: { n: -1, sig: 'x' }, b: null, c: 'x' }).toJSON()).toEqual({});
	});

	it('accepts a co-animateur the animateur delegated, and a new animateur after a signed handover', () => {
		const animateur = newSigningKey();
		const co = newSigningKey();
		const { laptop, tablet } = room();
		const onTablet = new AcceptedChanges();
		writeSigned(tablet, co, ATELIER, 'followMe', { sheet: 'fiche-2' }, new AcceptedChanges());
		expect(readSigned(laptop, ATELIER, animateur.publicKey, 'followMe', new AcceptedChanges()).refusal).toBe('unknown-key');
		addDelegation(laptop, signDelegation(animateur, ATELIER, 'p-claire', co.publicKey, true, 1));
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'followMe', onTablet)).toEqual({ value: { sheet: 'fiche-2' }, refusal: null });

		const next = newSigningKey();
		addHandover(laptop, signHandover(animateur, ATELIER, next.publicKey, 1));
		// The delegation was signed by the previous animateur: after the handover it no longer counts, on the
		// co-animateur's own tablet too.
		writeSigned(tablet, co, ATELIER, 'followMe', { sheet: 'fiche-3' }, onTablet);
		expect(readSigned(laptop, ATELIER, animateur.publicKey, 'followMe', new AcceptedChanges()).refusal).toBe('unknown-key');
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'followMe', onTablet)).toEqual({
			value: { sheet: 'fiche-2' },
			refusal: 'unknown-key'
		});
		writeSigned(laptop, next, ATELIER, 'followMe', { sheet: 'fiche-4' }, new AcceptedChanges());
		expect(readSigned(tablet, ATELIER, animateur.publicKey, 'followMe', onTablet).value).toEqual({ sheet: 'fiche-4' });
		// A participant's self-made handover changes nothing.
		const intruder = newSigningKey();
		addHandover(tablet, signHandover(intruder, ATELIER, intruder.publicKey, 2));
		writeSigned(tablet, intruder, ATELIER, 'followMe', { sheet: 'piège' }, new AcceptedChanges());
		expect(readSigned(laptop, ATELIER, animateur.publicKey, 'followMe', new AcceptedChanges()).refusal).toBe('unknown-key');
	});
});
