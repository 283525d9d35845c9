// Every tablet engine in one atelier: a Chromium laptop on 127.0.0.1 starts the atelier; a WebKit tablet
// (the engine of every iPad browser) joins from its own network namespace over the room's LAN address,
// by typing the code the laptop shows, fills the grid, sees the laptop's edits, keeps typing while its
// network is cut, catches up when it comes back, and reads the printable report.
import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from './helpers.ts';
import { Lab } from './netns.ts';
import { lanTablet, webkitTablet, type LanTablet } from './tablets.ts';
import { poll, type WebDriverSession } from './webdriver.ts';

const PORT = 18_791;
let lab: Lab;
let laptop: Page;
let tablet: LanTablet;
let webkit: WebDriverSession;
let code = '';
let gridTitle = '';

/** The laptop's answer field of grid row `row` (0-based), found by its label. */
const laptopAnswer = (row: number) => laptop.getByLabel('Réponse', { exact: true }).nth(row);

beforeAll(async () => {
	lab = await Lab.start('atelier-engines', PORT, { host: '0.0.0.0' });
	laptop = await lab.device({ viewport: { width: 1280, height: 900 } });
	await open(laptop, `http://127.0.0.1:${PORT}/ateliers`);
	await laptop.getByLabel('Titre').fill('Atelier trois moteurs');
	await laptop.getByRole('button', { name: 'Créer l’atelier' }).click();
	await laptop.getByRole('link', { name: 'Atelier trois moteurs' }).click();
	await laptop.getByLabel('Votre nom').fill('Anne');
	await laptop.getByRole('button', { name: 'Continuer' }).click();
	code = (await laptop.getByTestId('room-code').innerText()).trim();
	await laptop.getByLabel('Ajouter une fiche du kit').selectOption('grid:grille-besoins');
	await laptop.getByRole('button', { name: 'Ajouter la fiche' }).click();
	await laptop.locator('fieldset.editor').waitFor();
	gridTitle = (await laptop.getByRole('heading', { level: 1 }).innerText()).trim();
	tablet = lanTablet(lab, 1);
	webkit = await webkitTablet(lab, tablet);
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
		const answer = await webkit.byLabel('Réponse', 1);
		await answer.click();
		await answer.type('Des arrêts de bus accessibles');
		await expect.poll(() => laptopAnswer(0).inputValue(), { timeout: 15_000 }).toBe('Des arrêts de bus accessibles');
		await laptopAnswer(1).fill('Horaires en temps réel');
		await poll(
			async () => (await webkit.byLabel('Réponse', 2)).value(),
			(v) => v === 'Horaires en temps réel',
			'the laptop’s answer on the tablet'
		);
		const badge = await webkit.find("//*[@data-testid='sync-state']");
		expect(await badge.attribute('data-webrtc-peers')).toBe('0');
	});

	it('keeps typing while its network is cut, and the laptop gets it when it comes back', async () => {
		tablet.cut();
		const third = await webkit.byLabel('Réponse', 3);
		await third.click();
		await third.type('Écrit pendant la coupure');
		await laptopAnswer(3).fill('Saisi sur l’ordinateur pendant la coupure');
		await new Promise((r) => setTimeout(r, 3_000));
		expect(await laptopAnswer(2).inputValue()).toBe('');
		tablet.reconnect();
		await expect.poll(() => laptopAnswer(2).inputValue(), { timeout: 60_000 }).toBe('Écrit pendant la coupure');
		await poll(
			async () => (await webkit.byLabel('Réponse', 4)).value(),
			(v) => v === 'Saisi sur l’ordinateur pendant la coupure',
			'the laptop’s offline answer on the tablet',
			60_000
		);
	});

	it('reads the printable report with every answer, the others’ included', async () => {
		await (await webkit.link('Rapport imprimable (PDF)')).click();
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
