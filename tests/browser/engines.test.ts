// Every tablet engine in one atelier: a Chromium laptop on 127.0.0.1 starts the atelier; a WebKit tablet
// (the engine of every iPad browser, relay only) and a Firefox tablet (WebRTC) join from their own network
// namespaces over the room's LAN address, by typing the code the laptop shows. Each fills the grid, sees
// the others' edits, keeps typing while its network is cut, catches up when it comes back, and reads the
// printable report.
import type { Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQr, expectNoAxeViolations, open } from './helpers.ts';
import { Lab } from './netns.ts';
import { firefoxTablet, lanTablet, webkitTablet, type FirefoxPage, type LanTablet } from './tablets.ts';
import { poll, type WebDriverSession } from './webdriver.ts';

const PORT = 18_791;
let lab: Lab;
let laptop: Page;
let tablet: LanTablet;
let webkit: WebDriverSession;
let foxTablet: LanTablet;
let firefox: FirefoxPage;
let code = '';
let gridTitle = '';
let webkitSheet = '';
let firefoxSheet = '';

/** The laptop's answer field of grid row `row` (0-based), found by its label. */
const laptopAnswer = (row: number) => laptop.getByLabel(`Réponse à la question ${row + 1}`, { exact: true });

beforeAll(async () => {
	lab = await Lab.start('atelier-engines', PORT, { host: '0.0.0.0' });
	laptop = await lab.device({ viewport: { width: 1280, height: 900 } });
	await open(laptop, `http://127.0.0.1:${PORT}/ateliers`);
	await laptop.getByLabel('Titre').fill('Atelier trois moteurs');
	await laptop.getByRole('button', { name: 'Créer l’atelier' }).click();
	await laptop.getByLabel('Votre nom').fill('Anne');
	await laptop.getByRole('button', { name: 'Continuer' }).click();
	code = (await laptop.getByTestId('room-code').innerText()).trim();
	await laptop.getByLabel('Ajouter une fiche du kit').selectOption('grid:grille-besoins');
	await laptop.getByRole('button', { name: 'Ajouter la fiche' }).click();
	await laptop.locator('fieldset.editor').waitFor();
	gridTitle = (await laptop.getByRole('heading', { level: 1 }).innerText()).trim();
	tablet = lanTablet(lab, 1);
	webkit = await webkitTablet(lab, tablet);
	foxTablet = lanTablet(lab, 2);
	firefox = await firefoxTablet(lab, foxTablet);
}, 120_000);

afterAll(async () => {
	await lab?.close();
});

describe('a WebKit tablet on the room’s LAN address, syncing through the relay', () => {
	it('joins by typing the code the laptop shows, and fills the grid with the laptop', async () => {
		await webkit.goto(`${tablet.base}/rejoindre`);
		await (await webkit.byLabel('Code de l’atelier (16 caractères, par exemple ABCD-EFGH-JKMN-PQRS)')).type(code);
		await (await webkit.button('Valider le code')).click();
		await (await webkit.byLabel('Votre nom (ou un pseudonyme)')).type('Wassila');
		await (await webkit.button('Rejoindre l’atelier')).click();
		await (await webkit.link(gridTitle, 30_000)).click();
		const answer = await webkit.byLabel('Réponse à la question 1', 1);
		webkitSheet = await webkit.url();
		await answer.click();
		await answer.type('Des arrêts de bus accessibles');
		await expect.poll(() => laptopAnswer(0).inputValue(), { timeout: 15_000 }).toBe('Des arrêts de bus accessibles');
		await laptopAnswer(1).fill('Horaires en temps réel');
		await poll(
			async () => (await webkit.byLabel('Réponse à la question 2', 1)).value(),
			(v) => v === 'Horaires en temps réel',
			'the laptop’s answer on the tablet'
		);
		// The status stays in view at the bottom of a long sheet, and the internet badge is gone from the atelier.
		await laptop.getByLabel('Ajouter une question').scrollIntoViewIfNeeded();
		const box = await laptop.getByTestId('sync-state').boundingBox();
		expect(box && box.y >= 0 && box.y < 80).toBe(true);
		expect(await laptop.getByTestId('connectivity').count()).toBe(0);
		if (process.env.ATELIER_SHOTS) await laptop.screenshot({ path: `${process.env.ATELIER_SHOTS}/laptop-scrolled.png` });
		const badge = await webkit.find("//*[@data-testid='sync-state']");
		expect(await badge.attribute('data-webrtc-peers')).toBe('0');
	});

	it('keeps typing while its network is cut, says so within 5 s, and « Synchronisé » only once the laptop has it', async () => {
		const badge = () => webkit.find("//*[@data-testid='sync-state']");
		await poll(
			async () => (await badge()).attribute('data-state'),
			(s) => s === 'synchronise',
			'the WebKit tablet synced'
		);
		const cutAt = Date.now();
		tablet.cut();
		await poll(
			async () => (await badge()).attribute('data-state'),
			(s) => s === 'hors-ligne',
			'the WebKit tablet noticing the cut',
			6_000
		);
		expect(Date.now() - cutAt).toBeLessThan(5_000);
		const third = await webkit.byLabel('Réponse à la question 3', 1);
		await third.click();
		await third.type('Écrit pendant la coupure');
		await poll(
			async () => (await badge()).text(),
			// (WebDriver reads a no-break space as a space.)
			(text) => /^Hors connexion — vos saisies sont gardées sur cet appareil \(1[\s\u00a0]modification à envoyer\)$/.test(text),
			'the count of edits kept on the tablet'
		);
		await laptopAnswer(3).fill('Saisi sur l’ordinateur pendant la coupure');
		await new Promise((r) => setTimeout(r, 3_000));
		expect(await laptopAnswer(2).inputValue()).toBe('');
		tablet.reconnect();
		// Until the laptop has the tablet's answer, the tablet never says « Synchronisé ».
		const end = Date.now() + 60_000;
		for (;;) {
			const state = await (await badge()).attribute('data-state');
			if (state === 'synchronise') break;
			expect(Date.now()).toBeLessThan(end);
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(await laptopAnswer(2).inputValue()).toBe('Écrit pendant la coupure');
		await poll(
			async () => (await webkit.byLabel('Réponse à la question 4', 1)).value(),
			(v) => v === 'Saisi sur l’ordinateur pendant la coupure',
			'the laptop’s offline answer on the tablet',
			60_000
		);
	});

	it('reads the printable report once the facilitator allows participants to export, with every answer', async () => {
		// A participant's screen has no export until the facilitator allows it.
		expect(await webkit.all("//a[normalize-space(.)='Rapport imprimable (PDF)']")).toHaveLength(0);
		const sheet = laptop.url();
		await laptop.getByRole('link', { name: '← Toutes les fiches' }).click();
		await laptop.getByTestId('permissions').getByLabel('Exporter les rapports').check();
		await open(laptop, sheet);
		await (await webkit.link('Rapport imprimable (PDF)', 15_000)).click();
		const report = await webkit.find("//*[@data-testid='report']", 30_000);
		const text = await report.text();
		for (const expected of [
			'Des arrêts de bus accessibles',
			'Horaires en temps réel',
			'Écrit pendant la coupure',
			'Saisi sur l’ordinateur pendant la coupure'
		]) {
			expect(text).toContain(expected);
		}
		if (process.env.ATELIER_SHOTS) writeFileSync(`${process.env.ATELIER_SHOTS}/webkit-report.png`, await webkit.screenshot());
	});
});

describe('a Firefox tablet on the room’s LAN address, syncing over WebRTC', () => {
	it('joins by the QR code the laptop shows (a LAN address, though the laptop is on 127.0.0.1), over WebRTC', async () => {
		// The laptop's page is on 127.0.0.1; its invitation lists the server's LAN addresses instead.
		const sheet = laptop.url();
		await laptop.getByRole('link', { name: '← Toutes les fiches' }).click();
		const invitation = laptop.getByRole('region', { name: 'Inviter les participants' });
		await expect
			.poll(() => invitation.getByRole('link').allInnerTexts(), { timeout: 10_000 })
			.toEqual(expect.arrayContaining([`${tablet.base}/rejoindre#${code}`, `${foxTablet.base}/rejoindre#${code}`]));
		expect(await invitation.getByRole('img', { name: 'Code QR du lien pour rejoindre l’atelier' }).count()).toBe(1);
		await expectNoAxeViolations(laptop);
		if (process.env.ATELIER_SHOTS) await invitation.screenshot({ path: `${process.env.ATELIER_SHOTS}/laptop-invitation.png` });
		// The tablet's camera reads the QR code: the likeliest LAN address, the code, and the atelier's name.
		const scanned = await decodeQr(invitation.getByRole('img', { name: 'Code QR du lien pour rejoindre l’atelier' }));
		expect(scanned).toBe(await invitation.getByTestId('join-link').getAttribute('href'));
		expect(scanned).toBe(`${tablet.base}/rejoindre#${code}&atelier=Atelier%20trois%20moteurs`);
		await open(laptop, sheet);
		await firefox.goto(scanned);
		expect(await (await firefox.byTestId('joining')).evaluate((e) => (e as HTMLElement).innerText)).toBe(
			'Vous rejoignez l’atelier «\u00a0Atelier trois moteurs\u00a0».'
		);
		await (await firefox.byLabel('Votre nom (ou un pseudonyme)')).type('Florent');
		await (await firefox.button('Rejoindre l’atelier')).click();
		await (await firefox.link(gridTitle, 30_000)).click();
		await poll(
			async () => firefox.value(await firefox.byLabel('Réponse à la question 1', 1)),
			(v) => v === 'Des arrêts de bus accessibles',
			'the WebKit tablet’s answer on Firefox'
		);
		firefoxSheet = firefox.page.url();
		const fifth = await firefox.byLabel('Réponse à la question 5', 1);
		await fifth.click();
		await fifth.type('Les données des validations');
		await expect.poll(() => laptopAnswer(4).inputValue(), { timeout: 15_000 }).toBe('Les données des validations');
		await webkit.goto(webkitSheet);
		await poll(
			async () => (await webkit.byLabel('Réponse à la question 5', 1)).value(),
			(v) => v === 'Les données des validations',
			'Firefox’s answer on the WebKit tablet'
		);
		const peers = await poll(
			async () => Number(await (await firefox.byTestId('sync-state')).evaluate((e) => e.getAttribute('data-webrtc-peers'))),
			(n) => n >= 1,
			'a WebRTC connection from Firefox'
		);
		expect(peers).toBeGreaterThanOrEqual(1);
	});

	it('keeps typing while its network is cut, says so within 5 s, and everyone gets it when it comes back', async () => {
		const state = async () => (await firefox.byTestId('sync-state')).evaluate((e) => e.getAttribute('data-state'));
		const cutAt = Date.now();
		foxTablet.cut();
		// Its WebRTC connections and its relay socket stay open for tens of seconds: silence tells.
		await poll(state, (s) => s === 'hors-ligne', 'the Firefox tablet noticing the cut', 6_000);
		expect(Date.now() - cutAt).toBeLessThan(5_000);
		const sixth = await firefox.byLabel('Réponse à la question 6', 1);
		await sixth.click();
		await sixth.type('Écrit sur Firefox hors réseau');
		await new Promise((r) => setTimeout(r, 3_000));
		expect(await laptopAnswer(5).inputValue()).toBe('');
		foxTablet.reconnect();
		await expect.poll(() => laptopAnswer(5).inputValue(), { timeout: 60_000 }).toBe('Écrit sur Firefox hors réseau');
		await (await firefox.link('Rapport imprimable (PDF)')).click();
		const report = await firefox.byTestId('report', 30_000);
		const text = await report.evaluate((e) => (e as HTMLElement).innerText);
		for (const expected of [
			'Des arrêts de bus accessibles',
			'Écrit pendant la coupure',
			'Les données des validations',
			'Écrit sur Firefox hors réseau'
		]) {
			expect(text).toContain(expected);
		}
	});
});

describe('storage that lasts', () => {
	it('tells the laptop which tablets may lose their copy, and offers the backup before closing', async () => {
		// Both tablets back on the atelier (the printable report is a read-only view, not in the room).
		await firefox.goto(firefoxSheet);
		await webkit.goto(webkitSheet);
		await laptop.getByRole('link', { name: '← Toutes les fiches' }).click();
		const devices = laptop.getByTestId('devices');
		// Both tablets are on a plain-HTTP LAN page: no navigator.storage, nothing the browser promises.
		for (const name of ['Wassila', 'Florent']) {
			await expect
				.poll(() => devices.locator('li').filter({ hasText: name }).innerText(), { timeout: 15_000 })
				.toContain('copie non garantie sur cet appareil');
		}
		expect(await laptop.getByTestId('storage-note').innerText()).toMatch(/L’ordinateur de l’animateur garde la copie/);
		if (process.env.ATELIER_SHOTS) await devices.screenshot({ path: `${process.env.ATELIER_SHOTS}/laptop-devices.png` });
		const [download] = await Promise.all([
			laptop.waitForEvent('download'),
			laptop.getByRole('button', { name: 'Télécharger la sauvegarde de fin d’atelier' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^(\d{4}-\d{2}-\d{2}-)?atelier-trois-moteurs-sauvegarde\.json$/);
		const backup = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
			readable: { sheets: { rows: { cells: Record<string, string> }[] }[] };
		};
		expect(backup.readable.sheets[0]!.rows.map((r) => r.cells.reponse)).toContain('Écrit sur Firefox hors réseau');
		await expectNoAxeViolations(laptop);
	});
});
