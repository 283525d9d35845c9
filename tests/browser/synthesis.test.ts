// The cross-atelier synthesis (issue 17), as a Cerema team uses it: three ateliers of three territories
// built through the UI (overlapping answers), two on this laptop and one on another device that sends
// its backup by e-mail; the synthesis compares them side by side, refuses bad files without changing
// anything, counts an atelier given twice once, survives a reload offline, and exports DOCX and ODT
// that LibreOffice converts with every territory's answers. Also: a device that ran the version
// before syntheses existed keeps its ateliers when the app's database is upgraded.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchDevice, type LaunchedBrowser } from '../../scripts/chromium.ts';
import { createAtelier } from '../../src/lib/model/atelier.ts';
import { convertToPdf, expectFrenchTypography, expectNoAxeViolations, open, waitForServiceWorker } from './helpers.ts';

const baseURL = inject('baseURL');
let laptop: LaunchedBrowser;
let other: LaunchedBrowser;
let page: Page;
let dir = '';
let backup = '';

const ANSWERS = {
	caen: 'Mieux connaître la fréquentation des parkings relais.',
	rouen: 'Suivre les îlots de chaleur en centre-ville.',
	lisieux: 'Cartographier les haies et les zones humides.'
};
const SHARED = 'Les services techniques et les usagers.';

async function atelier(on: Page, title: string, territory: string, date: string, answers: [string, string?]): Promise<void> {
	await open(on, `${baseURL}/ateliers`);
	await on.getByLabel('Titre').fill(title);
	await on.getByLabel('Date').fill(date);
	await on.getByLabel('Territoire').fill(territory);
	await on.getByRole('button', { name: 'Créer l’atelier' }).click();
	await on.getByLabel('Votre nom').fill('Camille Martin');
	await on.getByRole('button', { name: 'Continuer' }).click();
	await on.getByLabel('Ajouter une fiche du kit').selectOption('grid:grille-besoins');
	await on.getByRole('button', { name: 'Ajouter la fiche' }).click();
	const rows = on.locator('.row');
	await rows.nth(0).locator('[id$="-reponse"]').fill(answers[0]);
	if (answers[1]) await rows.nth(1).locator('[id$="-reponse"]').fill(answers[1]);
	await on.getByRole('link', { name: '← Toutes les fiches' }).click();
	await on.getByLabel('Ajouter une fiche du kit').waitFor();
}

function convert(file: string): string {
	return execFileSync('pdftotext', [convertToPdf(dir, file), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const synthesis = () => page.getByTestId('synthesis');

/** The same backup, with its atelier's creation time wiped, as a hostile or damaged file could be. */
function undated(text: string): string {
	const parsed = JSON.parse(text) as { state: string };
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Buffer.from(parsed.state, 'base64'));
	doc.getMap('meta').set('createdAt', '');
	return JSON.stringify({ ...parsed, state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64') });
}
const backupInput = () => page.getByLabel('Sauvegarde à ajouter à la synthèse');
const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atelier-synthese-'));
	laptop = await launchDevice({ viewport: { width: 1280, height: 900 } });
	other = await launchDevice({ viewport: { width: 1280, height: 900 } });
	page = await laptop.context.newPage();
	await atelier(page, 'Atelier mobilité', 'Caen la Mer', '2026-10-01', [ANSWERS.caen, SHARED]);
	await atelier(page, 'Atelier climat', 'Métropole Rouen Normandie', '2026-10-15', [ANSWERS.rouen]);
	// The third territory's atelier is on another device, which sends its backup.
	const elsewhere = await other.context.newPage();
	await atelier(elsewhere, 'Atelier nature', 'Lisieux Normandie', '2026-11-05', [ANSWERS.lisieux, SHARED]);
	await elsewhere.getByText(/^Autres formats et sauvegardes/).click();
	const [download] = await Promise.all([
		elsewhere.waitForEvent('download'),
		elsewhere.getByRole('button', { name: 'Sauvegarde complète (JSON)' }).click()
	]);
	backup = readFileSync(await download.path(), 'utf8');
}, 180_000);

afterAll(async () => {
	await laptop?.close();
	await other?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('a synthesis of three territories', () => {
	it('compares two ateliers of this laptop and a backup received, side by side per question', async () => {
		await open(page, `${baseURL}/ateliers`);
		await page.getByRole('link', { name: 'Synthèses d’ateliers' }).click();
		await page.getByLabel('Nom de la synthèse').fill('Synthèse Normandie 2026');
		await page.getByRole('button', { name: 'Créer la synthèse' }).click();
		await page.getByRole('heading', { level: 1, name: 'Synthèse Normandie 2026' }).waitFor();
		await page.getByRole('checkbox', { name: /^Atelier mobilité — Caen la Mer/ }).check();
		await page.getByRole('checkbox', { name: /^Atelier climat — Métropole Rouen Normandie/ }).check();
		await backupInput().setInputFiles(file('lisieux.json', backup));
		await page.getByRole('status').filter({ hasText: '« Atelier nature » est ajouté à la synthèse' }).waitFor();
		await expect.poll(() => synthesis().getByTestId('report-ateliers').locator('tbody tr').count()).toBe(3);
		const text = await synthesis().innerText();
		for (const answer of Object.values(ANSWERS)) expect(text).toContain(answer);
		// Question 2: answered at Caen and Lisieux, not at Rouen.
		const q2 = synthesis().getByRole('heading', { level: 3, name: /^2\. / });
		const table = q2.locator('xpath=following-sibling::table[1]');
		expect(await table.innerText()).toMatch(/Caen la Mer \(01\/10\/2026\)\s+Les services techniques et les usagers\./);
		expect(await table.innerText()).toMatch(/Lisieux Normandie \(05\/11\/2026\)\s+Les services techniques et les usagers\./);
		expect(await q2.locator('xpath=following-sibling::p[1]').innerText()).toBe(
			'Sans réponse\u00a0: Métropole Rouen Normandie (15/10/2026).'
		);
		// The summary comes first; nobody's name is in it.
		expect(text.indexOf('En bref')).toBeLessThan(text.indexOf('Ateliers comparés'));
		expect(text).not.toContain('Camille Martin');
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
	});

	it('refuses a foreign, a truncated and a newer file with a French message, changing nothing', async () => {
		const before = await synthesis().innerText();
		const refused = [
			[file('autre.json', JSON.stringify({ hello: 'world' })), 'Ce fichier JSON n’est pas une sauvegarde d’Atelier CAPACities.'],
			[file('tronque.json', backup.slice(0, backup.length / 2)), 'Ce fichier de sauvegarde est incomplet ou abîmé'],
			[
				file('futur.json', JSON.stringify({ ...JSON.parse(backup), formatVersion: 99 })),
				'Cette sauvegarde vient d’une version plus récente de l’application'
			],
			[file('sans-date.json', undated(backup)), 'Cette sauvegarde ne dit pas quand l’atelier a été créé']
		] as const;
		for (const [bad, message] of refused) {
			await backupInput().setInputFiles(bad);
			await page.getByRole('alert').filter({ hasText: message }).waitFor();
			expect(await page.getByRole('list', { name: 'Sauvegardes ajoutées' }).getByRole('listitem').count()).toBe(1);
		}
		expect(await synthesis().innerText()).toBe(before);
	});

	it('counts the same atelier given twice once: a backup again, and this laptop’s own atelier as a backup', async () => {
		const address = page.url();
		await backupInput().setInputFiles(file('lisieux-encore.json', backup));
		await page.getByRole('status').filter({ hasText: 'était déjà dans la synthèse' }).waitFor();
		await page.locator('[data-testid="synthesis"][aria-busy="false"]').waitFor();
		expect(await page.getByRole('list', { name: 'Sauvegardes ajoutées' }).getByRole('listitem').count()).toBe(1);
		expect(await synthesis().getByTestId('report-ateliers').locator('tbody tr').count()).toBe(3);
		// Caen's atelier is on this laptop and chosen; its backup, e-mailed back by a colleague, is the same atelier.
		await open(page, `${baseURL}/ateliers`);
		await page.getByRole('link', { name: 'Atelier mobilité' }).click();
		await page.getByText(/^Autres formats et sauvegardes/).click();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Sauvegarde complète (JSON)' }).click()
		]);
		const caen = readFileSync(await download.path(), 'utf8');
		await open(page, address);
		await synthesis().waitFor();
		await backupInput().setInputFiles(file('caen.json', caen));
		await page.getByRole('status').filter({ hasText: '« Atelier mobilité » était déjà dans la synthèse' }).waitFor();
		await page.locator('[data-testid="synthesis"][aria-busy="false"]').waitFor();
		expect(await synthesis().getByTestId('report-ateliers').locator('tbody tr').count()).toBe(3);
		await page.getByRole('button', { name: 'Retirer «\u00a0Atelier mobilité\u00a0» de la synthèse' }).click();
		await expect.poll(() => page.getByRole('list', { name: 'Sauvegardes ajoutées' }).getByRole('listitem').count()).toBe(1);
	});

	it('is kept on this device: a reload offline shows the same synthesis', async () => {
		const address = page.url();
		await waitForServiceWorker(page);
		await laptop.context.setOffline(true);
		try {
			await open(page, address);
			await synthesis().waitFor();
			await expect.poll(() => synthesis().innerText()).toContain(ANSWERS.lisieux);
			expect(await page.getByRole('checkbox', { name: /^Atelier mobilité — Caen la Mer/ }).isChecked()).toBe(true);
		} finally {
			await laptop.context.setOffline(false);
		}
	});

	it('exports DOCX and ODT that LibreOffice converts with every territory’s answers', async () => {
		for (const [format, button] of [
			['docx', 'Télécharger en DOCX (Word)'],
			['odt', 'Télécharger en ODT (LibreOffice)']
		] as const) {
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
			expect(download.suggestedFilename()).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}-synthese-normandie-2026\\.${format}$`));
			const path = join(dir, `synthese.${format}`);
			writeFileSync(path, readFileSync(await download.path()));
			const text = convert(path);
			for (const expected of ['Synthèse Normandie 2026', 'En bref', ...Object.values(ANSWERS), 'Sans réponse'])
				expect(text, `${format}: ${expected}`).toContain(expected);
		}
		const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger en Markdown' }).click()]);
		const markdown = readFileSync(await md.path(), 'utf8');
		expect(markdown).toMatch(/^# Synthèse Normandie 2026\n/);
		for (const answer of Object.values(ANSWERS)) expect(markdown).toContain(answer);
		// Printed: the synthesis alone on A4 pages, numbered.
		await page.emulateMedia({ media: 'print' });
		const pdf = join(dir, 'synthese-imprimee.pdf');
		writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
		await page.emulateMedia({ media: 'screen' });
		const printed = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
		for (const expected of ['En bref', ANSWERS.rouen, 'page 1 sur']) expect(printed).toContain(expected);
		expect(printed).not.toContain('Ajouter une sauvegarde');
		const [csv] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Télécharger les réponses en CSV' }).click()
		]);
		const rows = readFileSync(await csv.path(), 'utf8');
		expect(
			rows.startsWith(
				'\ufeffGrille;N°;Question;Caen la Mer (01/10/2026);Métropole Rouen Normandie (15/10/2026);Lisieux Normandie (05/11/2026)'
			)
		).toBe(true);
	});
});

describe('a device that ran the version before syntheses', () => {
	it('keeps its ateliers when the database gains the syntheses table', async () => {
		const old = await launchDevice({ viewport: { width: 1280, height: 900 } });
		try {
			const tab = await old.context.newPage();
			// A kit page: it does not open the app's database, which is then made as the previous version made it.
			await open(tab, `${baseURL}/a-propos`);
			const doc = new Y.Doc();
			createAtelier(doc, { title: 'Atelier d’avant', date: '2026-09-01', territory: 'Bayeux Intercom', place: '' }, { kitVersion: 'test' });
			await tab.evaluate(
				async ({ update }) => {
					const db = await new Promise<IDBDatabase>((ok, ko) => {
						// Dexie's version 1 is IndexedDB version 10.
						const request = indexedDB.open('atelier-capacities', 10);
						request.onupgradeneeded = () => {
							const ateliers = request.result.createObjectStore('ateliers', { keyPath: 'id' });
							ateliers.createIndex('updatedAt', 'updatedAt');
							const updates = request.result.createObjectStore('updates', { keyPath: 'seq', autoIncrement: true });
							updates.createIndex('atelierId', 'atelierId');
						};
						request.onsuccess = () => ok(request.result);
						request.onerror = () => ko(request.error);
					});
					const tx = db.transaction(['ateliers', 'updates'], 'readwrite');
					tx.objectStore('ateliers').put({
						id: 'ancien',
						title: 'Atelier d’avant',
						date: '2026-09-01',
						territory: 'Bayeux Intercom',
						updatedAt: '2026-09-01T10:00:00Z'
					});
					tx.objectStore('updates').add({ atelierId: 'ancien', update: new Uint8Array(update) });
					await new Promise((ok) => (tx.oncomplete = ok));
					db.close();
				},
				{ update: Array.from(Y.encodeStateAsUpdate(doc)) }
			);
			await open(tab, `${baseURL}/syntheses`);
			await tab.getByLabel('Nom de la synthèse').fill('Après la mise à jour');
			await tab.getByRole('button', { name: 'Créer la synthèse' }).click();
			await tab.getByRole('checkbox', { name: /^Atelier d’avant — Bayeux Intercom/ }).check();
			await tab.getByTestId('synthesis').getByText('Bayeux Intercom', { exact: true }).waitFor();
			await open(tab, `${baseURL}/ateliers`);
			await tab.getByRole('link', { name: 'Atelier d’avant' }).waitFor();
		} finally {
			await old.close();
		}
	});
});
