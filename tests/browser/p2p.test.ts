// Three (and more) separate Chromium processes fill one atelier through the real atelier server
// (signaling + relay) in a loopback-only network namespace: real WebRTC, real IndexedDB, real
// service worker. Each device is its own browser process, so BroadcastChannel cannot carry the sync.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAtelierWithGrid, expectFrenchTypography, expectNoAxeViolations, open, waitForServiceWorker } from './helpers.ts';
import { Lab } from './netns.ts';

const PORT = 18_787;
const base = `http://127.0.0.1:${PORT}`;
let lab: Lab;
let link = '';
let sheetPath = '';

// WebRTC that can never connect, as on a venue Wi-Fi with client isolation: no TURN server is
// configured, so a relay-only policy gathers no candidate at all.
const BLOCK_WEBRTC = `(() => {
	const Native = window.RTCPeerConnection;
	window.RTCPeerConnection = class extends Native {
		constructor(config = {}) { super({ ...config, iceTransportPolicy: 'relay' }); }
	};
})();`;

// The first WebRTC negotiation of a device never completes (its remote description is never applied),
// as when two offers cross or a signaling message is lost: no error, no close, just nothing.
const STALL_FIRST_NEGOTIATION = `(() => {
	const original = RTCPeerConnection.prototype.setRemoteDescription;
	let first = null;
	window.stalledNegotiations = 0;
	RTCPeerConnection.prototype.setRemoteDescription = function (...args) {
		if (first === null) { first = this; window.stalledNegotiations++; }
		if (this === first) return new Promise(() => {});
		return original.apply(this, args);
	};
})();`;

const device = (options: Parameters<Lab['device']>[0] = {}) => lab.device(options);

function field(page: Page, row: number, column: 'reponse' | 'acteur' | 'echeance' | 'priorite') {
	return page.locator('.row').nth(row).locator(`[id$="-${column}"]`);
}

async function joinAtelier(page: Page, name: string): Promise<void> {
	await open(page, link);
	// The join page names the atelier from the invitation, before anything is synced.
	expect(await page.getByTestId('joining').innerText()).toBe('Vous rejoignez l’atelier «\u00a0Atelier pair à pair\u00a0».');
	await page.getByLabel('Votre nom (ou un pseudonyme)').fill(name);
	await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await page.getByTestId('sheet-list').waitFor({ timeout: 20_000 });
	await open(page, `${base}${sheetPath}`);
	await field(page, 0, 'reponse').waitFor();
}

async function typeAtEnd(page: Page, row: number, column: 'reponse' | 'acteur', text: string): Promise<void> {
	const target = field(page, row, column);
	// The action fields of a question without an action yet are opened on demand.
	const open = page
		.locator('.row')
		.nth(row)
		.getByRole('button', { name: /^\+ Action/ });
	if (column === 'acteur' && (await open.isVisible())) await open.click();
	await target.click();
	await target.press('End');
	await target.pressSequentially(text, { delay: 15 });
}

const values = (pages: Page[], row: number, column: 'reponse' | 'acteur') =>
	Promise.all(pages.map((p) => field(p, row, column).inputValue()));

let a: Page;
let b: Page;
let c: Page;

beforeAll(async () => {
	lab = await Lab.start('atelier-p2p', PORT);

	a = await device({ viewport: { width: 1280, height: 900 } });
	const created = await createAtelierWithGrid(a, base, {
		title: 'Atelier pair à pair',
		territory: 'Communauté de communes du Pays d’Auge',
		facilitator: 'Anne (animatrice)'
	});
	link = created.link;
	sheetPath = new URL(created.gridUrl).pathname + new URL(created.gridUrl).search;

	b = await device();
	c = await device();
	await Promise.all([joinAtelier(b, 'Bruno'), joinAtelier(c, 'Chloé')]);
}, 120_000);

afterAll(async () => {
	await lab?.close();
});

describe('three devices in one atelier', () => {
	it('connect to each other over WebRTC and to the relay', async () => {
		for (const page of [a, b, c]) {
			const badge = page.getByTestId('sync-state');
			// Usually about a second; when b's and c's offers crossed (they join at the same moment), the
			// stalled negotiation is closed after 8 s and redone (peers.ts), hence the margin.
			await expect.poll(() => badge.getAttribute('data-webrtc-peers'), { timeout: 30_000 }).toBe('2');
			await expect.poll(() => badge.getAttribute('data-relay'), { timeout: 20_000 }).toBe('connecte');
			await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toBe('synchronise');
		}
	});

	it('merge concurrent typing in the same cell into identical content', async () => {
		await Promise.all([typeAtEnd(a, 0, 'reponse', ' alpha'), typeAtEnd(b, 0, 'reponse', ' bravo'), typeAtEnd(c, 0, 'reponse', ' charlie')]);
		await expect.poll(async () => new Set(await values([a, b, c], 0, 'reponse')).size, { timeout: 10_000 }).toBe(1);
		const [text = ''] = await values([a], 0, 'reponse');
		// Nothing lost: every keystroke of the three is there, each person's in the order typed. (Words
		// may nest when one presses End after another's first letters arrived, as on any shared editor.)
		expect(text).toHaveLength(' alpha bravo charlie'.length);
		const isSubsequence = (word: string) => {
			let i = 0;
			for (const ch of text) if (ch === word[i]) i++;
			return i === word.length;
		};
		for (const word of [' alpha', ' bravo', ' charlie']) expect(isSubsequence(word), `${word} in « ${text} »`).toBe(true);
	});

	it('carry typing in different cells to everyone', async () => {
		await Promise.all([
			typeAtEnd(a, 1, 'reponse', 'Service SIG'),
			typeAtEnd(b, 1, 'acteur', 'DSI mutualisée'),
			typeAtEnd(c, 2, 'reponse', 'Open data')
		]);
		await expect.poll(() => values([a, b, c], 1, 'reponse'), { timeout: 10_000 }).toEqual(Array(3).fill('Service SIG'));
		await expect.poll(() => values([a, b, c], 1, 'acteur'), { timeout: 10_000 }).toEqual(Array(3).fill('DSI mutualisée'));
		await expect.poll(() => values([a, b, c], 2, 'reponse'), { timeout: 10_000 }).toEqual(Array(3).fill('Open data'));
	});

	it('undo and redo one’s own edits only, on every device (buttons, Ctrl+Z, Ctrl+Maj+Z)', async () => {
		const undo = (page: Page) => page.getByRole('button', { name: 'Annuler ma dernière modification' });
		const redo = (page: Page) => page.getByRole('button', { name: 'Rétablir' });
		await typeAtEnd(a, 9, 'reponse', 'Texte d’Anne');
		await expect.poll(() => values([a, b, c], 9, 'reponse'), { timeout: 10_000 }).toEqual(Array(3).fill('Texte d’Anne'));
		await typeAtEnd(b, 9, 'reponse', ' et de Bruno');
		const both = 'Texte d’Anne et de Bruno';
		await expect.poll(() => values([a, b, c], 9, 'reponse'), { timeout: 10_000 }).toEqual(Array(3).fill(both));
		// Anne undoes from the keyboard: her words go everywhere, Bruno's stay.
		await field(a, 9, 'reponse').press('Control+z');
		await expect.poll(() => values([a, b, c], 9, 'reponse'), { timeout: 10_000 }).toEqual(Array(3).fill(' et de Bruno'));
		await field(a, 9, 'reponse').press('Control+Shift+z');
		await expect.poll(() => values([a, b, c], 9, 'reponse'), { timeout: 10_000 }).toEqual(Array(3).fill(both));
		// Bruno deletes the whole answer by mistake, then brings it back with the button. (Edits less than
		// 0.6 s apart are one edit to undo: he pauses, as a person does between typing and deleting.)
		await b.waitForTimeout(700);
		await field(b, 9, 'reponse').fill('');
		await expect.poll(() => values([a, b, c], 9, 'reponse'), { timeout: 10_000 }).toEqual(['', '', '']);
		await undo(b).click();
		await expect.poll(() => values([a, b, c], 9, 'reponse'), { timeout: 10_000 }).toEqual(Array(3).fill(both));
		expect(await redo(b).isDisabled()).toBe(false);
	});

	it('show who is editing which cell, and every device on the facilitator’s screen', async () => {
		await field(b, 3, 'reponse').click();
		await expect.poll(() => a.locator('.row').nth(3).locator('.editors').innerText(), { timeout: 10_000 }).toContain('Bruno');
		await open(a, `${base}${sheetPath.split('?')[0]}`);
		const devicesList = a.getByTestId('devices');
		await expect.poll(() => devicesList.locator('li').count(), { timeout: 10_000 }).toBe(3);
		expect(await devicesList.innerText()).toMatch(/Bruno[\s\S]*Synchronisé/);
		await expectNoAxeViolations(a);
		await expectFrenchTypography(a);
		await open(a, `${base}${sheetPath}`);
		await field(a, 0, 'reponse').waitFor();
		await expectNoAxeViolations(a);
	});

	it('keep what a device typed offline and merge it when it comes back', async () => {
		await waitForServiceWorker(c);
		const context = c.context();
		await c.close();
		await context.setOffline(true);
		try {
			c = await context.newPage();
			await open(c, `${base}${sheetPath}`);
			await typeAtEnd(c, 4, 'reponse', 'écrit hors ligne');
			await expect.poll(() => c.getByTestId('sync-state').getAttribute('data-state')).toBe('hors-ligne');
			await typeAtEnd(a, 5, 'reponse', 'pendant ce temps');
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(await field(a, 4, 'reponse').inputValue()).toBe('');
		} finally {
			await context.setOffline(false);
		}
		await expect.poll(() => field(a, 4, 'reponse').inputValue(), { timeout: 30_000 }).toBe('écrit hors ligne');
		await expect.poll(() => field(c, 5, 'reponse').inputValue(), { timeout: 30_000 }).toBe('pendant ce temps');
		await expect.poll(() => values([a, b, c], 0, 'reponse').then((v) => new Set(v).size)).toBe(1);
	});

	it('keeps the text of a tab closed 100 ms after typing', async () => {
		const context = b.context();
		await typeAtEnd(b, 6, 'reponse', 'tapé puis fermé');
		await new Promise((resolve) => setTimeout(resolve, 100));
		await b.close();
		// Offline on reopening: the text can only come from this device's IndexedDB.
		await context.setOffline(true);
		try {
			b = await context.newPage();
			await open(b, `${base}${sheetPath}`);
			await expect.poll(() => field(b, 6, 'reponse').inputValue()).toBe('tapé puis fermé');
		} finally {
			// Back online even when the check fails, or every later test would miss this device.
			await context.setOffline(false);
		}
	});

	it('syncs a device whose WebRTC cannot connect through the relay', async () => {
		const d = await device({ initScript: BLOCK_WEBRTC });
		await joinAtelier(d, 'Damien');
		await expect.poll(() => field(d, 1, 'acteur').inputValue(), { timeout: 20_000 }).toBe('DSI mutualisée');
		await typeAtEnd(d, 7, 'reponse', 'par le relais');
		await expect.poll(() => field(a, 7, 'reponse').inputValue(), { timeout: 20_000 }).toBe('par le relais');
		await typeAtEnd(a, 7, 'acteur', 'réponse de Anne');
		await expect.poll(() => field(d, 7, 'acteur').inputValue(), { timeout: 20_000 }).toBe('réponse de Anne');
		expect(await d.getByTestId('sync-state').getAttribute('data-webrtc-peers')).toBe('0');
		expect(await d.getByTestId('sync-state').getAttribute('data-relay')).toBe('connecte');
	});

	it('retries a WebRTC connection whose negotiation stalled, instead of staying on the relay for good', async () => {
		const g = await device({ initScript: STALL_FIRST_NEGOTIATION });
		await joinAtelier(g, 'Gaëlle');
		await expect
			.poll(() => g.evaluate(() => (window as unknown as { stalledNegotiations: number }).stalledNegotiations), { timeout: 20_000 })
			.toBe(1);
		// a, b and c (d cannot use WebRTC at all): the stalled one is closed after 8 s and renegotiated.
		await expect.poll(() => g.getByTestId('sync-state').getAttribute('data-webrtc-peers'), { timeout: 45_000 }).toBe('3');
		await g.close();
	});

	it('encrypts signaling on a plain-HTTP LAN page, where crypto.subtle does not exist', async () => {
		// A host name other than 127.0.0.0/8 over plain HTTP is not a secure context, like a tablet
		// loading the app from http://192.168.x.y:8787.
		const f = await device({ args: ['--host-resolver-rules=MAP atelier.lan 127.0.0.1'] });
		const lanLink = link.replace(`127.0.0.1:${PORT}`, `atelier.lan:${PORT}`);
		await open(f, lanLink);
		expect(await f.evaluate(() => [window.isSecureContext, typeof crypto.subtle])).toEqual([false, 'undefined']);
		await f.getByLabel('Votre nom (ou un pseudonyme)').fill('Fatou');
		await f.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
		await f.getByTestId('sheet-list').waitFor({ timeout: 20_000 });
		await open(f, `http://atelier.lan:${PORT}${sheetPath}`);
		// A WebRTC connection needs the encrypted offer and answer to be read on both sides.
		await expect.poll(() => f.getByTestId('sync-state').getAttribute('data-webrtc-peers'), { timeout: 30_000 }).not.toBe('0');
		await expect.poll(() => field(f, 1, 'reponse').inputValue(), { timeout: 20_000 }).toBe('Service SIG');
		expect(await f.getByTestId('peer-problem').count()).toBe(0);
	});

	it('loses nothing when the atelier server is killed and restarted, and the facilitator is told both', async () => {
		const killedAt = Date.now();
		await lab.server.kill('SIGKILL');
		// The facilitator (Anne, on the laptop) is told within seconds that newcomers cannot join.
		await a.getByTestId('server-lost').waitFor({ timeout: 6_000 });
		expect(Date.now() - killedAt).toBeLessThan(6_000);
		expect(await a.getByTestId('server-lost').innerText()).toContain('aucun nouvel appareil ne peut rejoindre');
		await expectNoAxeViolations(a);
		if (process.env.ATELIER_SHOTS) await a.screenshot({ path: `${process.env.ATELIER_SHOTS}/server-lost.png` });
		// WebRTC between the tablets does not need the server once connected.
		await typeAtEnd(a, 8, 'reponse', 'pendant la panne');
		await expect.poll(() => field(c, 8, 'reponse').inputValue(), { timeout: 10_000 }).toBe('pendant la panne');
		// The tablets have it (their published state vectors say so), the laptop's server does not: never
		// « Synchronisé », and « Partagé en direct » once a tablet confirmed every edit.
		await expect.poll(() => a.getByTestId('sync-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('partage');
		expect(await a.getByTestId('sync-state').innerText()).toBe('Partagé en direct — pas encore sur l’ordinateur de l’animateur');
		await lab.restartServer();
		for (const page of [a, c]) {
			await expect.poll(() => page.getByTestId('sync-state').getAttribute('data-relay'), { timeout: 30_000 }).toBe('connecte');
			await expect.poll(() => page.getByTestId('sync-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('synchronise');
		}
		await a.getByTestId('server-restarted').waitFor();
		await expectNoAxeViolations(a);
		expect(await a.getByTestId('server-lost').count()).toBe(0);
		expect(await c.getByTestId('server-restarted').count()).toBe(0);
		await a.getByRole('button', { name: 'Compris' }).click();
		expect(await a.getByTestId('server-restarted').count()).toBe(0);
		const expected = await values([a], 0, 'reponse');
		// Every device leaves: a newcomer can only get the atelier from the relay's disk.
		for (const d of lab.devices.splice(0)) await d.close();
		await lab.server.kill('SIGTERM');
		await lab.restartServer();
		const e = await device();
		await joinAtelier(e, 'Emma');
		await expect.poll(() => field(e, 8, 'reponse').inputValue(), { timeout: 20_000 }).toBe('pendant la panne');
		expect(await values([e], 0, 'reponse')).toEqual(expected);
		expect(await field(e, 4, 'reponse').inputValue()).toBe('écrit hors ligne');
		expect(await field(e, 6, 'reponse').inputValue()).toBe('tapé puis fermé');
		expect(await field(e, 7, 'reponse').inputValue()).toBe('par le relais');
	});
});

describe('joining with a bad link', () => {
	it('explains a truncated link in French and stores nothing', async () => {
		const page = await device();
		const [codeLink = ''] = link.split('&');
		await open(page, codeLink.slice(0, -5));
		await expect.poll(() => page.getByTestId('link-error').innerText()).toMatch(/incomplet\u00a0: 12 caractères sur 16/u);
		await open(page, `${base}/rejoindre#%E0%A4%A`);
		await expect.poll(() => page.getByTestId('link-error').innerText()).toMatch(/abîmé/);
		await page.getByLabel(/Code de l’atelier/).fill('ABCD-EFGH-JKMN-PQRS');
		await page.getByRole('button', { name: 'Valider le code' }).click();
		await page.getByRole('alert').filter({ hasText: 'mal recopié' }).waitFor();
		await expectNoAxeViolations(page);
		// A forged title is shown as text, one line, and the code alone decides the atelier.
		await open(page, `${codeLink}&atelier=${encodeURIComponent('<img src=x onerror=alert(1)>\u202eFaux\n'.repeat(20))}`);
		const joining = await page.getByTestId('joining').innerText();
		expect(joining).toMatch(/^Vous rejoignez l’atelier «\u00a0<img src=x onerror=alert\(1\)> Faux <img/);
		expect(joining.length).toBeLessThan(130);
		expect(await page.locator('main img').count()).toBe(0);
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
		await open(page, `${base}/ateliers`);
		await page.getByTestId('no-atelier').waitFor();
	});
});
