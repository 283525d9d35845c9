import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchDevice, type LaunchedBrowser } from '../../scripts/chromium.ts';
import { expectFrenchTypography, expectNoAxeViolations, open } from './helpers.ts';

const baseURL = inject('baseURL');
let device: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
	device = await launchDevice({ viewport: { width: 800, height: 1280 } });
	page = await device.context.newPage();
	await open(page, `${baseURL}/ateliers`);
});

afterAll(async () => {
	await device?.close();
});

async function titles(): Promise<string[]> {
	return page.locator('[data-testid=atelier-list] li strong').allInnerTexts();
}

describe('my ateliers (IndexedDB on this device)', () => {
	it('starts empty', async () => {
		await page.getByTestId('no-atelier').waitFor();
	});

	it('creates ateliers that survive a reload', async () => {
		await page.getByLabel('Titre').fill('Atelier mobilité');
		await page.getByLabel('Date').fill('2026-12-03');
		await page.getByLabel('Territoire').fill('Agglomération de Lisieux');
		await page.getByRole('button', { name: 'Créer l’atelier' }).click();
		await page.getByRole('status').filter({ hasText: 'Atelier «\u00a0Atelier mobilité\u00a0» créé.' }).waitFor();
		await page.getByLabel('Titre').fill('Atelier données de crise');
		await page.getByRole('button', { name: 'Créer l’atelier' }).click();
		await page.getByRole('status').filter({ hasText: 'données de crise' }).waitFor();
		await open(page, `${baseURL}/ateliers`);
		await page.getByTestId('atelier-list').waitFor();
		expect((await titles()).sort()).toEqual(['Atelier données de crise', 'Atelier mobilité']);
		expect(await page.getByTestId('atelier-list').innerText()).toContain('Agglomération de Lisieux · 3 décembre 2026');
	});

	it('refuses a blank title in French and keeps the list as it was', async () => {
		await page.getByLabel('Titre').fill('    ');
		await page.getByRole('button', { name: 'Créer l’atelier' }).click();
		await page.getByRole('alert').filter({ hasText: 'Donnez un titre à l’atelier.' }).waitFor();
		expect(await titles()).toHaveLength(2);
	});

	it('passes axe-core and French typography checks with a list', async () => {
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
	});

	it('deletes an atelier only after confirmation', async () => {
		await page.getByRole('button', { name: 'Supprimer «\u00a0Atelier mobilité\u00a0»' }).click();
		await page.getByRole('button', { name: 'Annuler' }).click();
		expect(await titles()).toHaveLength(2);
		await page.getByRole('button', { name: 'Supprimer «\u00a0Atelier mobilité\u00a0»' }).click();
		await page.getByRole('group', { name: /Confirmer la suppression/ }).getByRole('button', { name: 'Supprimer', exact: true }).click();
		await expect.poll(titles).toEqual(['Atelier données de crise']);
		await open(page, `${baseURL}/ateliers`);
		await page.getByTestId('atelier-list').waitFor();
		expect(await titles()).toEqual(['Atelier données de crise']);
	});
});
