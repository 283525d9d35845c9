import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchDevice, type LaunchedBrowser } from '../../scripts/chromium.ts';
import { expectFrenchTypography, expectNoAxeViolations, open, waitForServiceWorker } from './helpers.ts';
import { ATELIER_SHELL } from '../../src/server/static.ts';

const baseURL = inject('baseURL');
const buildDir = inject('buildDir');

/** App shells, not pages: the SPA fallback and the atelier page's shell (src/server/static.ts). */
const SHELLS = ['200.html', `${ATELIER_SHELL.slice(1)}.html`];

/** Every prerendered page of the build, as a URL path. */
function prerenderedPaths(): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== '_app') walk(full);
			} else if (entry.name.endsWith('.html') && !SHELLS.includes(relative(buildDir, full))) {
				const path = `/${relative(buildDir, full)}`.replace(/\.html$/, '').replace(/\/index$/, '');
				out.push(path === '' ? '/' : path);
			}
		}
	};
	walk(buildDir);
	return out.sort();
}

/** One page of each kind, for the accessibility and typography checks. */
function onePerPattern(paths: string[]): string[] {
	const seen = new Map<string, string>();
	for (const path of paths) {
		const pattern = path.split('/').length > 3 ? path.split('/').slice(0, 3).join('/') + '/[id]' : path;
		if (!seen.has(pattern)) seen.set(pattern, path);
	}
	return [...seen.values()];
}

let device: LaunchedBrowser;
let page: Page;
const paths = prerenderedPaths();

beforeAll(async () => {
	device = await launchDevice({ viewport: { width: 800, height: 1280 } });
	page = await device.context.newPage();
	await open(page, `${baseURL}/`);
	expect(await waitForServiceWorker(page)).toBe('activated');
});

afterAll(async () => {
	await device?.close();
});

describe('kit pages', () => {
	it('prerenders every deliverable', () => {
		for (const prefix of [
			'/kit/etapes/',
			'/kit/grilles/',
			'/kit/numerique-responsable/',
			'/kit/portage/',
			'/kit/clauses/',
			'/kit/carnet/',
			'/kit/cas-usage/',
			'/kit/modeles/'
		]) {
			expect(paths.filter((p) => p.startsWith(prefix)).length, prefix).toBeGreaterThan(0);
		}
		expect(paths.filter((p) => p.startsWith('/kit/etapes/'))).toHaveLength(7);
		expect(paths.filter((p) => p.startsWith('/kit/cas-usage/'))).toHaveLength(13);
	});

	it('renders every kit page with the network off', async () => {
		await device.context.setOffline(true);
		try {
			const failures: string[] = [];
			for (const path of paths) {
				await open(page, `${baseURL}${path}`);
				const h1 = await page.locator('h1').first().innerText();
				if (!h1 || /introuvable|erreur/i.test(h1)) failures.push(`${path}: ${h1}`);
			}
			expect(failures).toEqual([]);
		} finally {
			await device.context.setOffline(false);
		}
	});

	it('navigates inside the app with the network off (page data comes from the precache)', async () => {
		await open(page, `${baseURL}/kit`);
		await device.context.setOffline(true);
		try {
			await page.locator('main a[href="/kit/clauses"]').click();
			await page.waitForURL(`${baseURL}/kit/clauses`);
			expect(await page.locator('h1').innerText()).toBe('Bibliothèque de clauses');
			const first = page.locator('main section a').first();
			const href = await first.getAttribute('href');
			await first.click();
			await page.waitForURL(`${baseURL}${href}`);
			expect(await page.locator('h1').innerText()).toMatch(/^[A-H]\d+\. /);
		} finally {
			await device.context.setOffline(false);
		}
	});

	it.each(onePerPattern(prerenderedPaths()))('%s passes axe-core and French typography checks', async (path) => {
		await open(page, `${baseURL}${path}`);
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
	});

	it('shows the 7-step path on the home page, linking to each step', async () => {
		await open(page, `${baseURL}/`);
		const links = page.locator('.step-path a');
		expect(await links.count()).toBe(7);
		await links.nth(3).click();
		await page.waitForURL(`${baseURL}/kit/etapes/cadre-juridique`);
		// A step page gathers its grid, checklist axes, clauses, formats and use cases.
		for (const heading of ['Questions à se poser', 'Clauses à prévoir']) {
			expect(await page.getByRole('heading', { name: heading }).count()).toBe(1);
		}
	});

	it('prints a kit page without the navigation, the search box or the filters', async () => {
		await open(page, `${baseURL}/kit/clauses`);
		await page.emulateMedia({ media: 'print' });
		try {
			expect(await page.locator('header.site-header').isVisible()).toBe(false);
			expect(await page.locator('form.filters').isVisible()).toBe(false);
			expect(await page.locator('h1').isVisible()).toBe(true);
			expect(await page.locator('main section').first().isVisible()).toBe(true);
		} finally {
			await page.emulateMedia({ media: 'screen' });
		}
	});

	it('gives every breadcrumb link a 44 px target, on a tablet', async () => {
		await page.setViewportSize({ width: 820, height: 1180 });
		await open(page, `${baseURL}/kit/grilles/grille-patrimoine`);
		const links = await page.getByRole('navigation', { name: 'Fil d’Ariane' }).getByRole('link').all();
		expect(links.length).toBeGreaterThanOrEqual(2);
		for (const link of links) expect((await link.boundingBox())!.height, await link.innerText()).toBeGreaterThanOrEqual(44);
		await page.setViewportSize({ width: 800, height: 1280 });
	});

	it('keeps the portage table readable on a tablet: criteria stay in view, shaded scores, a hint to scroll', async () => {
		await page.setViewportSize({ width: 820, height: 1180 });
		await open(page, `${baseURL}/kit/portage`);
		const region = page.getByRole('region', { name: 'Tableau comparatif' });
		const criterion = region.getByRole('rowheader').first();
		const hint = page.getByTestId('scroll-hint');
		expect(await hint.innerText()).toMatch(/Faites défiler le tableau/);
		const before = (await criterion.boundingBox())!;
		// The keyboard scrolls the region (it takes focus), as a finger or a trackpad would.
		await region.focus();
		for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
		await expect.poll(() => hint.innerText()).toMatch(/^← Colonnes précédentes/);
		const after = (await criterion.boundingBox())!;
		expect(Math.abs(after.x - before.x)).toBeLessThan(1);
		// The last structure is now in view, next to the criterion.
		const lastHeader = region.getByRole('columnheader').last();
		const box = (await lastHeader.boundingBox())!;
		const shown = (await region.boundingBox())!;
		expect(box.x + box.width).toBeLessThanOrEqual(shown.x + shown.width + 1);
		// Each score is shaded by its value, and still written.
		const shades = await region
			.locator('td')
			.evaluateAll((cells) => cells.map((c) => [c.textContent?.trim() ?? '', getComputedStyle(c).backgroundColor] as const));
		const byScore = new Map<string, Set<string>>();
		for (const [score, colour] of shades) byScore.set(score, (byScore.get(score) ?? new Set()).add(colour));
		expect(byScore.size).toBeGreaterThanOrEqual(3);
		for (const colours of byScore.values()) expect(colours.size).toBe(1);
		expect(new Set([...byScore.values()].map((c) => [...c][0])).size).toBe(byScore.size);
		// The structures are one line each, linked to their page; the table names them in full for screen readers.
		const list = page.getByRole('list').filter({ has: page.getByRole('link', { name: 'Société publique locale (SPL)' }) });
		expect(await list.getByRole('listitem').count()).toBe((await region.getByRole('columnheader').count()) - 1);
		expect(await region.getByRole('columnheader', { name: 'Société publique locale (SPL)' }).innerText()).toBe('SPL');
		// The criteria's definitions are folded, and written when opened.
		expect(await page.getByText('Mesure le temps nécessaire avant que le service fonctionne', { exact: false }).count()).toBe(0);
		await page.getByText('Définition des critères').click();
		await page.getByText('Mesure le temps nécessaire avant que le service fonctionne', { exact: false }).waitFor();
		await expectNoAxeViolations(page);
		if (process.env.ATELIER_SHOTS) await page.screenshot({ path: `${process.env.ATELIER_SHOTS}/portage-table.png` });
		await page.setViewportSize({ width: 800, height: 1280 });
	});

	it('filters the clause library by theme', async () => {
		await open(page, `${baseURL}/kit/clauses`);
		const status = page.locator('form.filters [role=status]');
		const all = Number((await status.innerText()).split(' ')[0]);
		await page.getByLabel('Thème').selectOption({ index: 1 });
		const some = Number((await status.innerText()).split(' ')[0]);
		expect(some).toBeGreaterThan(0);
		expect(some).toBeLessThan(all);
		expect(await page.locator('main section').count()).toBe(1);
	});
});

describe('search', () => {
	async function search(query: string): Promise<{ group: string; title: string; url: string }[]> {
		await open(page, `${baseURL}/recherche?q=${encodeURIComponent(query)}`);
		await page.waitForSelector(`[data-testid=search-results][data-query="${query}"]`);
		return page.locator('[data-testid=search-results] section').evaluateAll((sections) =>
			sections.flatMap((section) =>
				[...section.querySelectorAll('li a')].map((a) => ({
					group: section.querySelector('h2')?.firstChild?.textContent?.trim() ?? '',
					title: a.textContent?.trim() ?? '',
					url: a.getAttribute('href') ?? ''
				}))
			)
		);
	}

	it('keeps the typed query in the address once typing pauses, so a reload shows the same results', async () => {
		await open(page, `${baseURL}/recherche`);
		await page.locator('#q').pressSequentially('portage', { delay: 20 });
		await page.waitForSelector('[data-testid=search-results][data-query="portage"]');
		await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 5_000 }).toBe('portage');
		await page.reload();
		await page.waitForSelector('[data-testid=search-results][data-query="portage"]');
		expect(await page.locator('#q').inputValue()).toBe('portage');
	});

	it.each([
		['réversibilité', /\/kit\/clauses\/d\d/, /réversibilité/i],
		['reversibilite', /\/kit\/clauses\/d\d/, /réversibilité/i],
		['SPL', /\/kit\/portage\/spl$/, /SPL/]
	])('« %s » puts the expected item first', async (query, url, title) => {
		const results = await search(query);
		expect(results.length).toBeGreaterThan(0);
		expect(results[0]?.url).toMatch(url);
		expect(results[0]?.title).toMatch(title);
	});

	it('« données personnelles » leads with a personal-data item and reaches the clauses on the subject', async () => {
		// Several deliverables treat personal data (grids, checklist, clauses): the first hit must be
		// about it, and the clauses of theme C must be among the first results.
		const results = await search('données personnelles');
		expect(results[0]?.title).toMatch(/personnel/i);
		expect(results.slice(0, 8).some((r) => /\/kit\/clauses\/c\d/.test(r.url))).toBe(true);
	});

	it('highlights the matched words and groups results by deliverable', async () => {
		await search('données personnelles');
		expect(await page.locator('[data-testid=search-results] mark').count()).toBeGreaterThan(0);
		const groups = await page.locator('[data-testid=search-results] section h2').allInnerTexts();
		expect(new Set(groups).size).toBe(groups.length);
		expect(groups.length).toBeGreaterThan(1);
	});

	it('works offline from the header search box on any page', async () => {
		await open(page, `${baseURL}/kit/portage`);
		await device.context.setOffline(true);
		try {
			await page.getByRole('search').first().getByLabel('Rechercher dans le kit').fill('SEMOP');
			await page.getByRole('search').first().getByRole('button', { name: 'Rechercher' }).click();
			await page.waitForSelector('[data-testid=search-results][data-query="SEMOP"]');
			expect(await page.locator('[data-testid=search-results] li a').first().getAttribute('href')).toMatch(/semop/);
		} finally {
			await device.context.setOffline(false);
		}
	});

	it('shows the best 20 results first and the others on request', async () => {
		const all = await search('données');
		expect(all.length).toBe(20);
		const status = await page.locator('[data-testid=search-results] [role=status]').innerText();
		const total = Number(/^(\d+)/.exec(status)?.[1]);
		expect(total).toBeGreaterThan(20);
		await page.getByRole('button', { name: /Afficher plus de résultats/ }).click();
		expect(await page.locator('[data-testid=search-results] li a').count()).toBe(Math.min(total, 80));
	});

	it('says so in French when nothing matches', async () => {
		await search('zzxqwv');
		expect(await page.locator('[data-testid=search-results]').innerText()).toContain('Aucun résultat pour');
	});
});
