// The report a collectivité sends to its élus (issue 15), built as a facilitator does it: a short
// atelier filled through the UI (a grid, the checklist, the comparator, the clause basket; about ten
// answers), the collectivité and its logo given on the report page, then printed to PDF (pages counted
// with pdfinfo) and downloaded as DOCX and ODT, which LibreOffice converts with every answer, the logo
// and the kit's caveats.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchDevice, type LaunchedBrowser } from '../../scripts/chromium.ts';
import { png } from '../../src/lib/report/png.test-helper.ts';
import { convertToPdf, expectFrenchTypography, expectNoAxeViolations, open } from './helpers.ts';

const baseURL = inject('baseURL');
let device: LaunchedBrowser;
let page: Page;
let dir = '';
let reportPath = '';

const DECISION = 'Ouvrir les comptages vélo sous licence ouverte dès 2027.';
// The clause d1 and the checklist point C2 carry « À vérifier » caveats in the kit.
const CLAUSE_CAVEAT = 'Calendrier de suppression des frais de changement de fournisseur';
const CHECKLIST_CAVEAT = 'Référence exacte des recommandations du Défenseur des droits';

async function addSheet(kind: string): Promise<void> {
	await page.getByLabel('Ajouter une fiche du kit').selectOption(kind);
	await page.getByRole('button', { name: 'Ajouter la fiche' }).click();
}

async function backToSheets(): Promise<void> {
	await page.getByRole('link', { name: '← Toutes les fiches' }).click();
	await page.getByLabel('Ajouter une fiche du kit').waitFor();
}

function pdfText(pdf: string, pages: { first?: number; last?: number } = {}): string {
	const range = [...(pages.first ? ['-f', String(pages.first)] : []), ...(pages.last ? ['-l', String(pages.last)] : [])];
	return execFileSync('pdftotext', [...range, pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);

async function printed(name: string): Promise<string> {
	await page.emulateMedia({ media: 'print' });
	const file = join(dir, `${name}.pdf`);
	// The page's own @page rules: A4 and « page X sur Y » in the bottom margin.
	writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
	await page.emulateMedia({ media: 'screen' });
	return file;
}

const convert = (file: string) => convertToPdf(dir, file);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'atelier-report-'));
	device = await launchDevice({ viewport: { width: 1280, height: 900 } });
	page = await device.context.newPage();
	await open(page, `${baseURL}/ateliers`);
	await page.getByLabel('Titre').fill('Atelier données de mobilité');
	await page.getByLabel('Date').fill('2026-12-03');
	await page.getByLabel('Territoire').fill('Pays d’Auge');
	await page.getByRole('button', { name: 'Créer l’atelier' }).click();
	await page.getByLabel('Votre nom').fill('Élodie Durand');
	await page.getByRole('button', { name: 'Continuer' }).click();
	// The grid: three answers, the first a decision with its action.
	await addSheet('grid:grille-besoins');
	const rows = page.locator('.row');
	await rows.nth(0).locator('[id$="-reponse"]').fill(DECISION);
	await page.getByRole('button', { name: 'Décision de l’atelier (question 1)' }).click();
	await rows
		.nth(0)
		.getByRole('button', { name: /^\+ Action/ })
		.click();
	await rows
		.nth(0)
		.getByLabel(/^Acteur responsable/)
		.fill('Direction du numérique');
	await rows
		.nth(0)
		.getByLabel(/^Échéance/)
		.fill('2027-06');
	await rows
		.nth(0)
		.getByLabel(/^Priorité/)
		.selectOption('haute');
	await rows.nth(1).locator('[id$="-reponse"]').fill('Les usagers du réseau de bus et les associations cyclistes.');
	await rows.nth(2).locator('[id$="-reponse"]').fill('Des tableurs envoyés par courriel, chaque trimestre.');
	await backToSheets();
	// The checklist: three points, one of them carrying a caveat.
	await addSheet('checklist');
	await page.getByRole('group', { name: /^A1 / }).getByRole('radio', { name: 'Oui' }).check();
	await page.getByRole('tab', { name: /^C\. / }).click();
	await page.getByRole('group', { name: /^C1 / }).getByRole('radio', { name: 'Partiel' }).check();
	await page.getByRole('group', { name: /^C2 / }).getByRole('radio', { name: 'Non' }).check();
	await backToSheets();
	// The comparator: one weight.
	await addSheet('comparator');
	await page.locator('fieldset.scale').first().getByRole('radio', { name: '5' }).check();
	await backToSheets();
	// The basket: one clause, with a caveat.
	await addSheet('clauses');
	await page.getByLabel('Ajouter une clause de la bibliothèque').selectOption('d1');
	await page.getByRole('button', { name: 'Ajouter au panier' }).click();
	await page.getByRole('button', { name: 'Retirer du panier' }).waitFor();
	await backToSheets();
	await page.getByRole('link', { name: 'Rapport imprimable (PDF)' }).click();
	await page.getByTestId('report').waitFor();
	reportPath = new URL(page.url()).pathname;
}, 120_000);

afterAll(async () => {
	await device?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the report for élus', () => {
	it('takes the collectivité and its logo on the report page, and refuses a file that is not a picture', async () => {
		await page.getByLabel('Collectivité').fill('Agglomération Lisieux Normandie');
		await page.getByRole('button', { name: 'Enregistrer la collectivité' }).click();
		await page.getByRole('status').filter({ hasText: 'Enregistré sur cet appareil' }).waitFor();
		const logo = page.getByLabel('Logo (PNG ou JPEG, 300\u00a0Ko au plus)');
		await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(png(240, 80)) });
		const title = page.getByTestId('report').locator('header.title');
		await expect.poll(() => title.getByRole('img', { name: 'Agglomération Lisieux Normandie' }).count()).toBe(1);
		expect(await title.innerText()).toContain('Agglomération Lisieux Normandie');
		// A « PNG » that is a web page: refused in French, the logo kept.
		await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
		await expect
			.poll(() => page.getByTestId('report-problem').innerText())
			.toBe(
				'Ce fichier n’est pas une image PNG ou JPEG lisible, d’au plus 4000\u00a0pixels de côté\u00a0: choisissez le logo au format PNG ou JPEG.'
			);
		expect(await title.getByRole('img').count()).toBe(1);
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
	});

	it('prints the synthesis on page 1 and the whole report on at most 6 A4 pages, numbered « page X sur Y »', async () => {
		const pdf = await printed('rapport');
		if (process.env.ATELIER_SHOTS) writeFileSync(join(process.env.ATELIER_SHOTS, 'rapport.pdf'), readFileSync(pdf));
		const pages = pageCount(pdf);
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(pages).toBeLessThanOrEqual(6);
		const first = pdfText(pdf, { first: 1, last: 1 });
		for (const expected of [
			'Agglomération Lisieux Normandie',
			'Atelier données de mobilité',
			'Synthèse',
			'Décisions',
			DECISION,
			'Prochaines étapes',
			'Direction du numérique',
			'juin 2027',
			'Clauses retenues',
			'page 1 sur'
		])
			expect(first, expected).toContain(expected);
		const all = pdfText(pdf);
		expect(all).toContain(`page ${pages} sur ${pages}`);
		for (const expected of [CLAUSE_CAVEAT, CHECKLIST_CAVEAT, 'Les usagers du réseau de bus']) expect(all, expected).toContain(expected);
		// Only what was said: an unanswered question of the grid is not printed.
		expect(all).not.toContain('Sans réponse');
		expect(all).not.toContain('Retour à l’atelier');
	});

	it('keeps every question in the « version complète », as an annex', async () => {
		const before = pageCount(await printed('court'));
		await page.getByLabel(/Version complète/).check();
		await expect.poll(() => page.getByTestId('report').innerText()).toContain('Annexe\u00a0: questions et points sans réponse');
		expect(new URL(page.url()).searchParams.get('complet')).toBe('1');
		const pdf = await printed('complet');
		expect(pageCount(pdf)).toBeGreaterThan(before);
		expect(pdfText(pdf)).toContain('Annexe : questions et points sans réponse');
		await page.getByLabel(/Version complète/).uncheck();
	});

	it('downloads DOCX and ODT that say the same, and LibreOffice converts them with the answers, the logo and the caveats', async () => {
		for (const [format, button] of [
			['docx', 'Télécharger en DOCX (Word)'],
			['odt', 'Télécharger en ODT (LibreOffice)']
		] as const) {
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
			expect(download.suggestedFilename()).toBe(`2026-12-03-atelier-donnees-de-mobilite.${format}`);
			const file = join(dir, `rapport.${format}`);
			writeFileSync(file, readFileSync(await download.path()));
			const pdf = convert(file);
			const text = pdfText(pdf);
			for (const expected of [
				'Agglomération Lisieux Normandie',
				'Synthèse',
				DECISION,
				'Élodie Durand',
				'Direction du numérique',
				CLAUSE_CAVEAT,
				CHECKLIST_CAVEAT,
				'À vérifier'
			])
				expect(text, `${format}: ${expected}`).toContain(expected);
			// The synthesis comes before the sheets, as in the printed report.
			expect(text.indexOf('Synthèse')).toBeLessThan(text.indexOf('Plan d’action'));
			const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
			expect(
				images.some((line) => /\s240\s+80\s/.test(line)),
				`${format}: the logo`
			).toBe(true);
			expect(pageCount(pdf), format).toBeLessThanOrEqual(8);
		}
	});

	it('gives the number of participants instead of their names, when the facilitator chooses', async () => {
		const report = page.getByTestId('report');
		expect(await report.innerText()).toContain('Élodie Durand');
		await page.getByLabel('Donner le nombre de participants, sans leurs noms').check();
		await expect.poll(() => report.innerText()).not.toContain('Élodie Durand');
		expect(await report.getByRole('heading', { name: 'Participants' }).count()).toBe(0);
		// The choice is in the address: a reload (or the link sent to a colleague) gives the same report.
		const address = page.url();
		expect(new URL(address).searchParams.get('participants')).toBe('nombre');
		await open(page, address);
		await report.waitFor();
		expect(await page.getByLabel('Donner le nombre de participants, sans leurs noms').isChecked()).toBe(true);
		expect(await report.innerText()).not.toContain('Élodie Durand');
		await open(page, `${baseURL}${reportPath}`);
		await expect.poll(() => report.innerText()).toContain('Élodie Durand');
	});
});
