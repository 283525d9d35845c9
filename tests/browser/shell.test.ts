import { cpSync, mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchDevice, type LaunchedBrowser } from '../../scripts/chromium.ts';
import { createAtelierServer } from '../../src/server/server.ts';
import { expectFrenchTypography, expectNoAxeViolations, open, waitForServiceWorker } from './helpers.ts';

const baseURL = inject('baseURL');
const SHELL_PAGES = [
	{ path: '/', heading: 'Atelier CAPACities' },
	{ path: '/kit', heading: 'Le kit CAPACities' },
	{ path: '/ateliers', heading: 'Mes ateliers' },
	{ path: '/rejoindre', heading: 'Rejoindre un atelier' },
	{ path: '/a-propos', heading: 'À propos' }
];

let device: LaunchedBrowser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
	device = await launchDevice();
	page = await device.context.newPage();
	page.on('console', (message) => {
		if (message.type() === 'error') consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
	await device?.close();
});

describe('app shell', () => {
	it('loads the home page in French with the main navigation', async () => {
		await open(page, `${baseURL}/`);
		expect(await page.getAttribute('html', 'lang')).toBe('fr');
		expect(await page.title()).toBe('Atelier CAPACities');
		const nav = page.getByRole('navigation', { name: 'Navigation principale' });
		for (const label of ['Kit', 'Mes ateliers', 'Rejoindre un atelier', 'À propos']) {
			expect(await nav.getByRole('link', { name: label, exact: true }).count()).toBe(1);
		}
		expect(await page.getByTestId('connectivity').innerText()).toContain('En ligne');
	});

	it('activates the service worker', async () => {
		expect(await waitForServiceWorker(page)).toBe('activated');
		// « Prête hors ligne » is said once and closes itself: it never stays over the page.
		const ready = page.getByTestId('offline-ready');
		await ready.waitFor({ timeout: 10_000 });
		await ready.waitFor({ state: 'detached', timeout: 12_000 });
	});

	it('serves a valid web manifest with its icons', async () => {
		const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
		expect(manifest).toMatchObject({ lang: 'fr', display: 'standalone', name: 'Atelier CAPACities' });
		const purposes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`);
		expect(purposes).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
		for (const icon of manifest.icons as { src: string }[]) {
			const type = await page.evaluate(async (src) => (await fetch(src)).headers.get('content-type'), icon.src);
			expect(type).toBe('image/png');
		}
	});

	it('still opens, and navigates the kit, with the network off', async () => {
		await device.context.setOffline(true);
		try {
			// The badge follows the browser's offline event. (Chromium 150 no longer reports emulated
			// offline through navigator.onLine in a document loaded after the switch, so check it first.)
			await page.getByTestId('connectivity').filter({ hasText: 'Hors ligne' }).waitFor({ timeout: 5_000 });
			await page.reload();
			expect(await page.locator('h1').innerText()).toBe('Atelier CAPACities');
			await page.getByRole('navigation').getByRole('link', { name: 'Kit', exact: true }).click();
			await page.waitForURL(`${baseURL}/kit`);
			expect(await page.locator('h1').innerText()).toBe('Le kit CAPACities');
			// A fresh navigation to a prerendered page and to a client-side route, both from the cache.
			await open(page, `${baseURL}/a-propos`);
			expect(await page.locator('h1').innerText()).toBe('À propos');
			await open(page, `${baseURL}/ateliers`);
			expect(await page.locator('h1').innerText()).toBe('Mes ateliers');
		} finally {
			await device.context.setOffline(false);
		}
	});

	it.each(SHELL_PAGES)('$path passes axe-core and French typography checks', async ({ path, heading }) => {
		await open(page, `${baseURL}${path}`);
		expect(await page.locator('h1').innerText()).toBe(heading);
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
	});

	it('shows a French 404 page for an unknown address', async () => {
		await open(page, `${baseURL}/nulle-part`);
		expect(await page.locator('h1').innerText()).toBe('Page introuvable');
		await expectNoAxeViolations(page);
	});

	it('lays out without horizontal scrolling on a tablet in portrait and landscape', async () => {
		for (const viewport of [
			{ width: 800, height: 1280 },
			{ width: 1280, height: 800 },
			{ width: 390, height: 844 }
		]) {
			await page.setViewportSize(viewport);
			for (const { path } of SHELL_PAGES) {
				await open(page, `${baseURL}${path}`);
				const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
				expect(overflow, `${path} at ${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(0);
			}
		}
		// Touch targets of the navigation are at least 44 px high.
		const heights = await page.locator('nav a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
		expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
		await page.setViewportSize({ width: 1024, height: 768 });
	});

	it('logs no error in the console', () => {
		// Offline navigation may log failed network requests; anything else is a defect.
		expect(consoleErrors.filter((text) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(text))).toEqual([]);
	});
});

describe('new version', () => {
	it('offers « Nouvelle version disponible — Recharger » and reloads only when asked', async () => {
		// Deploy v1 from a copy of the build, on a port of its own (a separate origin).
		const root = mkdtempSync(join(tmpdir(), 'atelier-deploy-'));
		cpSync(inject('buildDir'), root, { recursive: true });
		let server = createAtelierServer({ root, port: 0, host: '127.0.0.1' });
		const port = await server.listen();
		const origin = `http://127.0.0.1:${port}`;
		const tab = await device.context.newPage();
		try {
			await open(tab, `${origin}/`);
			expect(await waitForServiceWorker(tab)).toBe('activated');
			await tab.reload();
			expect(await tab.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
			// Deploy v2: a changed service worker, served by a restarted server on the same origin.
			await server.close();
			appendFileSync(join(root, 'sw.js'), '\n// v2\n');
			// The server prefers the build's precompressed copies: a real deploy rebuilds them too.
			for (const suffix of ['.br', '.gz']) rmSync(join(root, `sw.js${suffix}`), { force: true });
			server = createAtelierServer({ root, port, host: '127.0.0.1' });
			await server.listen();
			await tab.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
			const banner = tab.getByTestId('update-banner');
			await banner.waitFor({ state: 'visible', timeout: 15_000 });
			expect(await banner.innerText()).toContain('Nouvelle version disponible');
			// Nothing reloads by itself while the banner waits.
			const marker = await tab.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
			await tab.waitForTimeout(500);
			expect(await tab.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(marker);
			await expectNoAxeViolations(tab);
			await Promise.all([tab.waitForEvent('load'), banner.getByRole('button', { name: 'Recharger' }).click()]);
			expect(await tab.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
			const scriptOfController = await tab.evaluate(async () => {
				const response = await fetch('/sw.js', { cache: 'no-store' });
				return (await response.text()).endsWith('// v2\n') && navigator.serviceWorker.controller?.state;
			});
			expect(scriptOfController).toBe('activated');
		} finally {
			await tab.close();
			await server.close();
			rmSync(root, { recursive: true, force: true });
		}
	});
});
