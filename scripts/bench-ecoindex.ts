// Page weight as ecoindex.fr measures it (issue 14): from a cold load in Chromium, over the DevTools
// protocol, the number of DOM elements (those inside an <svg> not counted, as ecoindex.fr does), the
// number of HTTP requests and the kilobytes transferred, turned into the EcoIndex with the collective's
// own formula and quantiles (the `ecoindex` package, ecoindex_js). And Lighthouse (mobile) on the
// atelier page, with the same seeded atelier.
import { computeEcoIndex, getEcoIndexGrade } from 'ecoindex';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { addSheet, basket, checklist, comparator, createAtelier, grid, inventory, setText } from '../src/lib/model/index.ts';
import { checklistFromKit, clausesFromKit, comparatorFromKit, gridFromKit, templateFromKit } from '../src/lib/content/kit-templates.ts';
import type { getKit } from '../src/lib/content/kit.server.ts';
import { seedAtelier } from './bench-peers.ts';

export interface EcoPage {
	name: string;
	path: string;
	dom: number;
	requests: number;
	kb: number;
	score: number;
	grade: string;
}

type Kit = ReturnType<typeof getKit>;

/**
 * The full-day atelier of the reload bench, with the two kinds of sheet it lacks: a basket of eight
 * clauses with notes and an inventory of ten datasets. Returns the state and the id of one sheet per kind.
 */
export function realisticAtelier(fullDay: Uint8Array, kit: Kit): { update: Uint8Array; sheets: Record<string, string> } {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, fullDay);
	const clauses = addSheet(doc, clausesFromKit(kit.clauseThemes));
	const basketSheet = doc.getMap('sheets').get(clauses) as Y.Map<unknown>;
	const all = kit.clauseThemes.flatMap((t) => t.clauses);
	for (const clause of all.slice(0, 8)) {
		basket.addClause(basketSheet, clause.id, 'indispensable', 'bench');
		setText(
			basket.noteText(basketSheet, clause.id),
			'À adapter au marché de la plateforme : format ouvert, délai de restitution, contact.'
		);
	}
	const template = kit.templates.find((t) => t.kind === 'inventory');
	if (!template) throw new Error('no inventory template in the kit');
	const inventoryId = addSheet(doc, templateFromKit(template));
	const inv = doc.getMap('sheets').get(inventoryId) as Y.Map<unknown>;
	const names = [
		'Comptages vélo',
		'Horaires des bus',
		'Stationnement',
		'Travaux de voirie',
		'Qualité de l’air',
		'Bornes de recharge',
		'Accidents',
		'Zones 30',
		'Parkings relais',
		'Trafic routier'
	];
	for (const name of names) {
		const row = inventory.addRow(inv);
		setText(inventory.ensureCellText(inv, row, 'jeu'), name);
		setText(inventory.ensureCellText(inv, row, 'description'), `${name} : données du service mobilité, mises à jour chaque mois.`);
	}
	const sheets: Record<string, string> = { clauses, inventory: inventoryId };
	for (const id of doc.getArray<string>('sheetOrder').toArray()) {
		const type = (doc.getMap('sheets').get(id) as Y.Map<unknown>).get('type') as string;
		sheets[type] ??= id;
	}
	return { update: Y.encodeStateAsUpdate(doc), sheets };
}

/**
 * A short atelier as most are: four sheets (a question grid, the checklist, the comparator, a clause
 * basket) and about ten answers, from one facilitator's laptop.
 */
export function shortAtelier(kit: Kit): Uint8Array {
	const doc = new Y.Doc();
	createAtelier(doc, { title: 'Atelier court', date: '2026-12-03', territory: 'Territoire test', place: '' }, { kitVersion: 'bench' });
	const sheet = (id: string) => doc.getMap('sheets').get(id) as Y.Map<unknown>;
	const kitGrid = kit.grids[0];
	if (!kitGrid) throw new Error('no grid in the kit');
	const gridSheet = sheet(addSheet(doc, gridFromKit(kitGrid)));
	const rows = grid.readGrid(gridSheet).rows;
	const answers = [
		'Le service SIG et la DSI mutualisée.',
		'Les comptages vélo et les horaires des bus.',
		'Un entrepôt ouvert, sous licence ouverte.',
		'Avant l’été 2027.'
	];
	answers.forEach((answer, i) => setText(grid.ensureCell(gridSheet, rows[i]!.id, 'reponse'), answer));
	setText(grid.ensureCell(gridSheet, rows[0]!.id, 'acteur'), 'Direction du numérique');
	grid.setChoice(gridSheet, rows[0]!.id, 'echeance', '2027-06');
	grid.setChoice(gridSheet, rows[0]!.id, 'priorite', grid.PRIORITIES[0]!);
	const checklistSheet = sheet(addSheet(doc, checklistFromKit(kit.axes)));
	const items = kit.axes.flatMap((axis) => axis.items);
	(['oui', 'partiel', 'non'] as const).forEach((status, i) => checklist.setStatus(checklistSheet, items[i]!.id, status));
	const comparatorSheet = sheet(addSheet(doc, comparatorFromKit(kit.criteria, kit.vehicles)));
	comparator.setWeight(comparatorSheet, 'bench', kit.criteria.criteria[0]!.id, 3);
	const basketSheet = sheet(addSheet(doc, clausesFromKit(kit.clauseThemes)));
	for (const clause of kit.clauseThemes.flatMap((t) => t.clauses).slice(0, 2))
		basket.addClause(basketSheet, clause.id, 'indispensable', 'bench');
	return Y.encodeStateAsUpdate(doc);
}

/** One cold load: HTTP cache off, no service worker (its one-time precache is measured apart). */
async function measure(
	browser: Browser,
	origin: string,
	path: string,
	ready: string,
	update: Uint8Array | null
): Promise<Omit<EcoPage, 'name'>> {
	const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1920, height: 1080 }, locale: 'fr-FR' });
	try {
		const page = await context.newPage();
		const target = update ? path.replace('ATELIER', await seedAtelier(page, origin, update)) : path;
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.clearBrowserCache');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		let requests = 0;
		let bytes = 0;
		cdp.on('Network.requestWillBeSent', (event) => {
			if (!event.request.url.startsWith('data:')) requests++;
		});
		cdp.on('Network.loadingFinished', (event) => (bytes += event.encodedDataLength));
		await page.goto(`${origin}${target}`, { waitUntil: 'load' });
		await page.locator(ready).first().waitFor({ timeout: 30_000 });
		// What loads after the first paint (lazy chunks, fonts, data) counts too, as in ecoindex.fr's scraper.
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(1_000);
		const dom = await page.evaluate(() => document.querySelectorAll('*').length - document.querySelectorAll('svg *').length);
		const kb = bytes / 1024;
		const score = computeEcoIndex(dom, requests, kb);
		return {
			path,
			dom,
			requests,
			kb: Math.round(kb * 10) / 10,
			score: Math.round(score * 10) / 10,
			grade: String(getEcoIndexGrade(score))
		};
	} finally {
		await context.close();
	}
}

/** The pages a facilitator and participants use, each from a cold load. */
export async function ecoIndexes(
	browser: Browser,
	origin: string,
	atelier: { update: Uint8Array; sheets: Record<string, string> }
): Promise<EcoPage[]> {
	const pages: { name: string; path: string; ready: string; atelier?: boolean }[] = [
		{ name: 'Accueil', path: '/', ready: 'main h1' },
		{ name: 'Kit (sommaire)', path: '/kit', ready: 'main h1' },
		{ name: 'Kit, grille « besoins »', path: '/kit/grilles/grille-besoins', ready: 'main h1' },
		{ name: 'Kit, tableau des structures de portage', path: '/kit/portage', ready: 'main table' },
		{ name: 'Atelier (journée complète)', path: '/ateliers/ATELIER', ready: '[data-testid=sheet-list]', atelier: true }
	];
	const EDITORS: Record<string, string> = {
		grid: 'grille',
		checklist: 'check-list',
		comparator: 'comparateur',
		clauses: 'panier de clauses',
		inventory: 'inventaire',
		notes: 'notes'
	};
	for (const [type, label] of Object.entries(EDITORS)) {
		const sheet = atelier.sheets[type];
		if (!sheet) throw new Error(`no ${type} sheet in the seeded atelier`);
		pages.push({ name: `Atelier, ${label}`, path: `/ateliers/ATELIER?fiche=${sheet}`, ready: `#${type}-editor > *`, atelier: true });
	}
	const results: EcoPage[] = [];
	for (const p of pages)
		results.push({ name: p.name, ...(await measure(browser, origin, p.path, p.ready, p.atelier ? atelier.update : null)) });
	return results;
}

export interface LighthouseResult {
	performance: number;
	tbtMs: number;
	lcpMs: number;
	fcpMs: number;
	cls: number;
	/** Every run's score, in order (Lighthouse varies from run to run: the median is reported). */
	runs: number[];
}

/**
 * Lighthouse 12 (mobile: simulated slow 4G and 4× CPU) on the seeded atelier's page, in Debian's
 * Chromium: the median of `runs` runs, as Lighthouse's documentation advises. A run that returns no
 * score (a trace Lighthouse could not read) is run again, at most twice.
 */
export async function lighthouseAtelier(origin: string, update: Uint8Array, runs = 3): Promise<LighthouseResult> {
	const results: Omit<LighthouseResult, 'runs'>[] = [];
	for (let attempt = 0; results.length < runs && attempt < runs + 2; attempt++) {
		const result = await lighthouseOnce(origin, update, 9_333 + attempt);
		if (result) results.push(result);
	}
	if (results.length === 0) throw new Error('Lighthouse returned no score');
	const sorted = [...results].sort((a, b) => a.performance - b.performance);
	return { ...(sorted[Math.floor(sorted.length / 2)] as Omit<LighthouseResult, 'runs'>), runs: results.map((r) => r.performance) };
}

async function lighthouseOnce(origin: string, update: Uint8Array, port: number): Promise<Omit<LighthouseResult, 'runs'> | null> {
	const { chromium } = await import('playwright-core');
	const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('./chromium.ts');
	const { mkdtempSync, rmSync } = await import('node:fs');
	const { tmpdir } = await import('node:os');
	const { join } = await import('node:path');
	const profile = mkdtempSync(join(tmpdir(), 'atelier-lighthouse-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
		serviceWorkers: 'block'
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		const id = await seedAtelier(page, origin, update);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.clearBrowserCache');
		const { default: lighthouse } = await import('lighthouse');
		// Storage is kept (the atelier lives in IndexedDB); the HTTP cache was cleared above.
		const result = await lighthouse(`${origin}/ateliers/${id}`, {
			port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance'],
			disableStorageReset: true,
			formFactor: 'mobile'
		});
		const score = result?.lhr.categories.performance?.score;
		if (!result || typeof score !== 'number') return null;
		const { audits } = result.lhr;
		return {
			performance: Math.round(score * 100),
			tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? NaN),
			lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN),
			fcpMs: Math.round(audits['first-contentful-paint']?.numericValue ?? NaN),
			cls: Number((audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3))
		};
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
}
