// Export and import from the UI, in a real Chromium: each format downloads a file whose content is the
// atelier's; a backup imports back as a new atelier or merges; bad files are refused in French.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchDevice, type LaunchedBrowser } from '../../scripts/chromium.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectFrenchTypography, expectNoAxeViolations, open } from './helpers.ts';

const baseURL = inject('baseURL');
let device: LaunchedBrowser;
let page: Page;
let backup = '';
let originalPath = '';

beforeAll(async () => {
	device = await launchDevice({ viewport: { width: 1280, height: 800 } });
	page = await device.context.newPage();
	await open(page, `${baseURL}/ateliers`);
	await page.getByLabel('Titre').fill('Atelier « Données & mobilité »');
	await page.getByLabel('Date').fill('2026-12-03');
	await page.getByRole('button', { name: 'Créer l’atelier' }).click();
	await page.getByLabel('Votre nom').fill('Élodie');
	await page.getByRole('button', { name: 'Continuer' }).click();
	originalPath = new URL(page.url()).pathname;
	await page.getByLabel('Ajouter une fiche du kit').selectOption('grid:grille-besoins');
	await page.getByRole('button', { name: 'Ajouter la fiche' }).click();
	const first = page.locator('.row').first();
	await first.locator('[id$="-reponse"]').fill('Réduire les bouchons <script>alert(1)</script>');
	await first.getByRole('button', { name: /^\+ Action/ }).click();
	await first.getByLabel(/^Acteur responsable/).fill('Service mobilité');
	await first.getByLabel(/^Échéance/).fill('2027-03');
});

afterAll(async () => {
	await device?.close();
});

/** The formats other than the printable report are one click further, under « Autres formats ». */
async function otherFormats(): Promise<void> {
	const summary = page.getByText(/^Autres formats/);
	if (!(await page.getByRole('button', { name: 'Rapport Markdown' }).isVisible())) await summary.click();
}

async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

describe('exports from the UI', () => {
	it('downloads the sheet as CSV (BOM, semicolons) and as Markdown', async () => {
		await otherFormats();
		const csv = await downloaded(() => page.getByRole('button', { name: 'Tableau CSV' }).click());
		expect(csv.name).toMatch(/^2026-12-03-atelier-donnees-mobilite-[a-z0-9-]+\.csv$/);
		expect(csv.text.startsWith('\ufeff')).toBe(true);
		expect(csv.text).toContain('Réduire les bouchons <script>alert(1)</script>;Service mobilité;mars 2027');
		const md = await downloaded(() => page.getByRole('button', { name: 'Rapport Markdown' }).click());
		expect(md.name).toMatch(/\.md$/);
		expect(md.text).toContain('Service mobilité');
		expect(md.text).toContain('&lt;script\\>');
		await expectNoAxeViolations(page);
	});

	it('downloads the sheet as ODT and DOCX packages', async () => {
		await otherFormats();
		const [odt] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Rapport ODT (LibreOffice)' }).click()
		]);
		expect(odt.suggestedFilename()).toMatch(/^2026-12-03-atelier-donnees-mobilite-[a-z0-9-]+\.odt$/);
		const odtBytes = readFileSync(await odt.path());
		expect(odtBytes.subarray(30, 38).toString()).toBe('mimetype');
		const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Rapport DOCX (Word)' }).click()]);
		expect(docx.suggestedFilename()).toMatch(/\.docx$/);
		expect(
			readFileSync(await docx.path())
				.subarray(0, 2)
				.toString()
		).toBe('PK');
	});

	it('shows a printable report that passes axe-core and prints to an A4 PDF with the answers', async () => {
		await page.getByRole('link', { name: '← Toutes les fiches' }).click();
		await page.getByRole('link', { name: 'Rapport imprimable (PDF)' }).click();
		const report = page.getByTestId('report');
		await report.waitFor();
		const text = await report.innerText();
		for (const expected of ['Service mobilité', 'mars 2027', 'Plan d’action', 'Élodie', '<script>alert(1)</script>'])
			expect(text).toContain(expected);
		expect(await report.locator('script').count()).toBe(0);
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
		const dir = mkdtempSync(join(tmpdir(), 'atelier-print-'));
		try {
			const pdf = join(dir, 'rapport.pdf');
			await page.emulateMedia({ media: 'print' });
			writeFileSync(
				pdf,
				await page.pdf({
					format: 'A4',
					displayHeaderFooter: true,
					footerTemplate:
						'<div style="font-size:8px;width:100%;text-align:center">Page <span class="pageNumber"></span> sur <span class="totalPages"></span></div>',
					headerTemplate: '<div></div>'
				})
			);
			await page.emulateMedia({ media: 'screen' });
			const printed = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
			for (const expected of ['Service mobilité', 'Plan d’action', 'Page 1 sur']) expect(printed).toContain(expected);
			expect(printed).not.toContain('Retour à l’atelier');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		await page.goBack();
	});

	it('downloads the whole atelier as Markdown with the action plan, and a JSON backup', async () => {
		await otherFormats();
		await page.getByRole('button', { name: 'Sauvegarde complète (JSON)' }).waitFor();
		const md = await downloaded(() => page.getByRole('button', { name: 'Rapport Markdown' }).click());
		expect(md.name).toBe('2026-12-03-atelier-donnees-mobilite.md');
		expect(md.text).toContain('## Plan d’action');
		expect(md.text).toContain('Élodie');
		const json = await downloaded(() => page.getByRole('button', { name: 'Sauvegarde complète (JSON)' }).click());
		expect(json.name).toBe('2026-12-03-atelier-donnees-mobilite-sauvegarde.json');
		expect(JSON.parse(json.text)).toMatchObject({ format: 'atelier-capacities/sauvegarde', formatVersion: 1 });
		backup = json.text;
	});

	it('draws the checklist radar into the DOCX (SVG with a PNG fallback) and LibreOffice converts it', async () => {
		await page.getByLabel('Ajouter une fiche du kit').selectOption('checklist');
		await page.getByRole('button', { name: 'Ajouter la fiche' }).click();
		await page.getByRole('radio', { name: 'Oui' }).first().check();
		await page.getByRole('link', { name: '← Toutes les fiches' }).click();
		await otherFormats();
		const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Rapport DOCX (Word)' }).click()]);
		const bytes = readFileSync(await docx.path());
		const files = unzipSync(new Uint8Array(bytes));
		const media = Object.entries(files).filter(([name]) => name.startsWith('word/media/'));
		expect(media.some(([name]) => name.endsWith('.svg'))).toBe(true);
		const png = media.find(([name]) => name.endsWith('.png'));
		expect(png?.[1].length).toBeGreaterThan(2_000);
		const dir = mkdtempSync(join(tmpdir(), 'atelier-docx-'));
		try {
			writeFileSync(join(dir, 'rapport.docx'), bytes);
			execFileSync(
				'soffice',
				[
					`-env:UserInstallation=file://${join(dir, 'profile')}`,
					'--headless',
					'--convert-to',
					'pdf',
					'--outdir',
					dir,
					join(dir, 'rapport.docx')
				],
				{ stdio: 'pipe', timeout: 120_000 }
			);
			const text = execFileSync('pdftotext', [join(dir, 'rapport.pdf'), '-'], { encoding: 'utf8' });
			expect(text).toContain('Check-list numérique responsable');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('draws every chart label whole, inside its chart, on a phone, a tablet and a laptop', async () => {
		await open(page, `${baseURL}${originalPath}/rapport`);
		const chart = page.locator('figure.chart svg').first();
		await chart.waitFor();
		for (const width of [390, 820, 1280]) {
			await page.setViewportSize({ width, height: 900 });
			const svg = (await chart.boundingBox())!;
			const labels = chart.locator('text');
			expect(await labels.count()).toBeGreaterThanOrEqual(6);
			for (const box of await Promise.all((await labels.all()).map((l) => l.boundingBox()))) {
				expect(box, `at ${width} px`).not.toBeNull();
				expect(box!.x, `at ${width} px`).toBeGreaterThanOrEqual(svg.x - 0.5);
				expect(box!.x + box!.width, `at ${width} px`).toBeLessThanOrEqual(svg.x + svg.width + 0.5);
				expect(box!.y, `at ${width} px`).toBeGreaterThanOrEqual(svg.y - 0.5);
				expect(box!.y + box!.height, `at ${width} px`).toBeLessThanOrEqual(svg.y + svg.height + 0.5);
			}
		}
		// The axes' names read whole (the issue saw « B. Enviror » and « veraineté »).
		expect(await chart.locator('text').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^B\. Environnement/)]));
		await page.setViewportSize({ width: 1280, height: 800 });
		if (process.env.ATELIER_SHOTS) await chart.screenshot({ path: `${process.env.ATELIER_SHOTS}/radar.png` });
		await page.goBack();
	});

	it('merges its own backup, and refuses another atelier’s or a broken one without changing anything', async () => {
		// « Fusionner une sauvegarde… » is among the other formats.
		await otherFormats();
		await page.getByRole('button', { name: 'Fusionner une sauvegarde…' }).waitFor();
		const input = page.locator('input[type=file]');
		await input.setInputFiles({ name: 'sauvegarde.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
		await page.getByRole('status').filter({ hasText: 'fusionnée' }).waitFor();
		await input.setInputFiles({ name: 'abimee.json', mimeType: 'application/json', buffer: Buffer.from(backup.slice(0, 300)) });
		await expect.poll(() => page.getByTestId('import-error').innerText()).toMatch(/incomplet ou abîmé/);
		const foreign = JSON.parse(backup) as { state: string };
		foreign.state = 'pas du base64 !';
		await input.setInputFiles({ name: 'autre.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(foreign)) });
		await expect.poll(() => page.getByTestId('import-error').innerText()).toMatch(/abîmé/);
		await page
			.getByTestId('sheet-list')
			.getByRole('link', { name: /Grille de questions/ })
			.click();
		expect(await page.locator('.row').first().locator('[id$="-acteur"]').inputValue()).toBe('Service mobilité');
	});

	it('imports a backup as a new atelier, and refuses a file that is not one', async () => {
		await open(page, `${baseURL}/ateliers`);
		const input = page.locator('input[type=file]');
		await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Ceci n’est pas une sauvegarde.') });
		await page.getByRole('alert').filter({ hasText: 'pas une sauvegarde' }).waitFor();
		expect(await page.locator('[data-testid=atelier-list] li').count()).toBe(1);
		// Its size is checked before the file is read.
		await input.setInputFiles({ name: 'enorme.json', mimeType: 'application/json', buffer: Buffer.alloc(33 * 1024 * 1024, 0x20) });
		await page
			.getByRole('alert')
			.filter({ hasText: /trop volumineux.*32\sMo au plus/ })
			.waitFor();
		expect(await page.locator('[data-testid=atelier-list] li').count()).toBe(1);
		await input.setInputFiles({ name: 'sauvegarde.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
		await page.getByRole('status').filter({ hasText: 'importée' }).waitFor();
		await expect.poll(() => page.locator('[data-testid=atelier-list] li').count()).toBe(2);
		// The copy is the importer's to run: they take the animateur's place, with no name to type again.
		await page.locator(`[data-testid=atelier-list] a:not([href^="${originalPath}"])`).click();
		await page.getByText('Vous participez en tant que Élodie (Animateur·rice).').waitFor();
		expect(new URL(page.url()).pathname).not.toBe(originalPath);
		expect(await page.getByLabel('Votre nom').count()).toBe(0);
		await page.getByTestId('roster').waitFor();
		await page
			.getByTestId('sheet-list')
			.getByRole('link', { name: /Grille de questions/ })
			.click();
		// The facilitator's controls are theirs (folded on a narrow screen: opened then).
		if ((await page.getByTestId('animation').getAttribute('open')) === null)
			await page.getByTestId('animation').getByText('Animation', { exact: true }).click();
		await page.getByRole('button', { name: 'Verrouiller' }).waitFor();
		expect(await page.locator('.row').first().locator('[id$="-acteur"]').inputValue()).toBe('Service mobilité');
	});
});
