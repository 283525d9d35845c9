import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.1 A and AA rules, and its best practices) in the page and fails with a readable list. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	// evaluate() is not subject to the page's CSP, unlike an injected <script>.
	await page.evaluate(axeSource);
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
		const result = await axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }
		});
		return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
	});
	expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/**
 * French typography: a regular space before « : ; ! ? » or after « / before » is a mistake (it
 * must be non-breaking, or the sign ends up alone at the start of a line).
 */
export async function expectFrenchTypography(page: Page): Promise<void> {
	const text = await page.evaluate(() => document.body.innerText);
	const mistakes = [...text.matchAll(/.{0,20}(?: [:;!?»]|« ).{0,20}/g)].map((m) => m[0]);
	expect(mistakes).toEqual([]);
}

export async function waitForServiceWorker(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		const worker = registration.active;
		if (!worker) return 'none';
		if (worker.state !== 'activated') {
			await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
		}
		return worker.state;
	});
}

/**
 * Opens `url` and waits until the app has rendered it. Once the service worker controls the page, a
 * navigation returns the app shell, and the page appears only when the client has rendered it.
 */
export async function open(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.locator('html[data-ready]').waitFor({ state: 'attached', timeout: 15_000 });
}

/** What a tablet's camera reads from a QR code on the screen: the image as shown, decoded. */
export async function decodeQr(image: Locator): Promise<string> {
	const png = PNG.sync.read(await image.screenshot());
	const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
	if (!found) throw new Error('no readable QR code in the image');
	return found.data;
}

/** Converts a DOCX or ODT to PDF with LibreOffice (its profile in `dir`), as a reader's office suite opens it; returns the PDF's path. */
export function convertToPdf(dir: string, file: string): string {
	execFileSync(
		'soffice',
		[`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
		{
			stdio: 'pipe',
			timeout: 120_000
		}
	);
	return file.replace(/\.(docx|odt)$/, '.pdf');
}

/**
 * The facilitator creates an atelier through the UI and adds the needs grid; returns the join link the share
 * panel shows and the grid's address.
 */
export async function createAtelierWithGrid(
	page: Page,
	base: string,
	atelier: { title: string; territory: string; facilitator: string }
): Promise<{ link: string; gridUrl: string }> {
	await open(page, `${base}/ateliers`);
	await page.getByLabel('Titre').fill(atelier.title);
	await page.getByLabel('Territoire').fill(atelier.territory);
	await page.getByRole('button', { name: 'Créer l’atelier' }).click();
	await page.getByLabel('Votre nom').fill(atelier.facilitator);
	await page.getByRole('button', { name: 'Continuer' }).click();
	const link = (await page.getByTestId('join-link').getAttribute('href')) ?? '';
	await page.getByLabel('Ajouter une fiche du kit').selectOption('grid:grille-besoins');
	await page.getByRole('button', { name: 'Ajouter la fiche' }).click();
	await page.locator('.row').first().locator('[id$="-reponse"]').waitFor();
	return { link, gridUrl: page.url() };
}
