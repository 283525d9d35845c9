// The sheet editors on a 10-inch tablet held in portrait (820×1180): what a person sees and does
// with each kind of sheet, through the visible page only.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchDevice, type LaunchedBrowser } from '../../scripts/chromium.ts';
import { expectFrenchTypography, expectNoAxeViolations, open } from './helpers.ts';

const baseURL = inject('baseURL');
const shots = process.env.ATELIER_SHOTS;
let device: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
	device = await launchDevice({ viewport: { width: 820, height: 1180 } });
	page = await device.context.newPage();
	await open(page, `${baseURL}/ateliers`);
	await page.getByLabel('Titre').fill('Atelier éditeurs');
	await page.getByRole('button', { name: 'Créer l’atelier' }).click();
	await page.getByLabel('Votre nom').fill('Élodie');
	await page.getByRole('button', { name: 'Continuer' }).click();
	await page.getByTestId('no-sheet').waitFor();
});

afterAll(async () => {
	await device?.close();
});

async function addSheet(kind: string): Promise<void> {
	await page.getByLabel('Ajouter une fiche du kit').selectOption(kind);
	await page.getByRole('button', { name: 'Ajouter la fiche' }).click();
}

describe('the checklist, one axis at a time', () => {
	it('shows one axis with its codes and expected proof, and says how much was answered beside every score', async () => {
		await addSheet('checklist');
		const tabs = page.getByRole('tab');
		expect(await tabs.allInnerTexts()).toHaveLength(6);
		const juridique = page.getByRole('tab', { name: /^A\. Juridique/ });
		expect(await juridique.getAttribute('aria-selected')).toBe('true');
		const panel = page.getByRole('tabpanel', { name: 'A. Juridique' });
		// One group of answers per point, named by its code and text.
		expect(await panel.getByRole('group', { name: /^A\d+ / }).count()).toBe(await panel.locator('ol > li').count());
		await panel.getByRole('group', { name: /^A1 / }).waitFor();
		expect(await panel.getByRole('group', { name: /^A1 / }).innerText()).toMatch(/Preuve attendue\s: Fiches du registre/);
		await expect.poll(() => page.getByTestId('checklist-score').innerText()).toMatch(/Aucune réponse sur \d{2}/);
		// Only this axis is on the page: about a sixth of the list, not all of it.
		expect(await page.getByRole('radio').count()).toBeLessThanOrEqual(4 * 12);

		await panel.getByRole('group', { name: /^A1 / }).getByRole('radio', { name: 'Oui' }).check();
		// One answer is one answer: the score says on how many it stands.
		await expect
			.poll(() => page.getByTestId('checklist-score').innerText())
			.toMatch(/1\sréponse sur \d{2}\s; score sur les réponses données\s: 100\s%/);
		expect(await page.getByTestId('axis-score').innerText()).toMatch(/^1\sréponse sur 1\d\s; score/);
		expect(await juridique.innerText()).toMatch(/1\/1\d/);
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
		if (shots) await page.screenshot({ path: `${shots}/checklist-tablet.png` });
	});

	it('moves between axes with the arrow keys and with « Axe suivant », keeping the answers', async () => {
		await page.getByRole('tab', { name: /^A\. Juridique/ }).focus();
		await page.keyboard.press('ArrowRight');
		const environnement = page.getByRole('tab', { name: /^B\. Environnement/ });
		expect(await environnement.getAttribute('aria-selected')).toBe('true');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^B\. Environnement/);
		await page.getByRole('tabpanel', { name: 'B. Environnement' }).getByRole('group', { name: /^B1 / }).waitFor();
		await page.keyboard.press('End');
		await page.getByRole('tabpanel', { name: /^F\./ }).waitFor();
		await page.keyboard.press('ArrowRight');
		await page.getByRole('tabpanel', { name: 'A. Juridique' }).waitFor();
		expect(await page.getByRole('group', { name: /^A1 / }).getByRole('radio', { name: 'Oui' }).isChecked()).toBe(true);
		await page.getByRole('button', { name: /^Axe suivant\s: B\. Environnement/ }).click();
		await page.getByRole('tabpanel', { name: 'B. Environnement' }).waitFor();
		expect(await environnement.evaluate((e) => e === document.activeElement)).toBe(true);
	});
});

describe('the question grid', () => {
	it('names every field by its question and asks for action fields only where there is an action', async () => {
		await page.getByRole('link', { name: '← Toutes les fiches' }).click();
		await addSheet('grid:grille-besoins');
		// Nothing of this person's to undo on a new sheet.
		expect(await page.getByRole('button', { name: 'Annuler ma dernière modification' }).isDisabled()).toBe(true);
		const answers = page.getByRole('textbox', { name: /^Réponse à la question \d+$/ });
		const rows = await page.locator('.row').count();
		expect(rows).toBeGreaterThanOrEqual(10);
		expect(await answers.count()).toBe(rows);
		await page.getByRole('textbox', { name: 'Réponse à la question 3' }).fill('Les horaires des bus, ligne par ligne.');
		// No action field until asked: exploratory questions stay one field each.
		expect(await page.getByRole('textbox', { name: /^Acteur responsable/ }).count()).toBe(0);
		expect(await page.getByRole('button', { name: /^\+ Action/ }).count()).toBe(rows);
		await expectNoAxeViolations(page);
	});

	it('takes the deadline as a month or a day and the priority as one of three; long answers grow', async () => {
		await page.getByRole('button', { name: /^\+ Action\s: responsable, échéance, priorité \(question 2\)$/ }).click();
		const owner = page.getByRole('textbox', { name: 'Acteur responsable (question 2)' });
		expect(await owner.evaluate((e) => e === document.activeElement)).toBe(true);
		const oneLine = (await owner.boundingBox())!.height;
		await owner.fill('Direction des mobilités\navec le service SIG\net le délégué à la protection des données');
		expect((await owner.boundingBox())!.height).toBeGreaterThan(oneLine * 1.3);
		await page.getByLabel('Échéance (mois) (question 2)').fill('2027-06');
		await page.getByRole('combobox', { name: 'Priorité (question 2)' }).selectOption({ label: 'Haute' });

		await page.getByRole('button', { name: /^\+ Action.*\(question 1\)$/ }).click();
		await page.getByRole('combobox', { name: 'Priorité (question 1)', exact: true }).selectOption({ label: 'Basse' });
		await page.getByRole('button', { name: 'Préciser le jour (question 1)', exact: true }).click();
		await page.getByLabel('Échéance (question 1)', { exact: true }).fill('2027-01-15');
		await page.getByRole('textbox', { name: 'Réponse à la question 1', exact: true }).fill('Ouvrir les comptages vélo.');
		await expectNoAxeViolations(page);
		await expectFrenchTypography(page);
		if (shots)
			await page
				.locator('.row')
				.nth(1)
				.screenshot({ path: `${shots}/grid-action.png` });
	});

	it('keeps Ctrl+Z of a field of this device (« Ajouter une question ») to that field', async () => {
		// « Ajouter une question » is this device's own field: Ctrl+Z there is its own undo, not the sheet's.
		// The sheet's last edit on this device was the answer to question 1: it must stay.
		const answer = page.getByRole('textbox', { name: 'Réponse à la question 1', exact: true });
		const before = await answer.inputValue();
		expect(before).toBe('Ouvrir les comptages vélo.');
		const ask = page.getByLabel('Ajouter une question');
		await ask.fill('Une question');
		await ask.press('Control+z');
		expect(await answer.inputValue()).toBe(before);
		expect(await page.getByRole('combobox', { name: 'Priorité (question 2)' }).inputValue()).toBe('haute');
		await ask.fill('');
	});

	it('gathers the action plan on the atelier’s page, sorted by priority or by deadline', async () => {
		await page.getByRole('link', { name: '← Toutes les fiches' }).click();
		const plan = page.getByTestId('action-plan');
		await plan.waitFor();
		expect(await plan.getByRole('heading').innerText()).toMatch(/^Plan d’action \(2\sactions\)$/);
		// Folded until asked for.
		expect(await plan.locator('table').count()).toBe(0);
		await plan.getByRole('heading').click();
		const firstCells = async () => (await plan.locator('tbody tr').allInnerTexts()).map((row) => row.split('\t').slice(0, 2).join(' · '));
		await expect.poll(firstCells).toEqual(['Haute · juin 2027', 'Basse · 15 janvier 2027']);
		await plan.getByLabel('Trier par').selectOption({ label: 'Échéance, puis priorité' });
		expect(await firstCells()).toEqual(['Basse · 15 janvier 2027', 'Haute · juin 2027']);
		await expectNoAxeViolations(page);
		if (shots) await plan.screenshot({ path: `${shots}/action-plan.png` });
		// Each action leads back to its question.
		await plan.getByRole('link', { name: /question 2$/ }).click();
		await page.getByRole('textbox', { name: 'Acteur responsable (question 2)' }).waitFor();
		expect(await page.getByRole('combobox', { name: 'Priorité (question 2)' }).inputValue()).toBe('haute');
	});
});

describe('the work first, on a tablet', () => {
	/** The first thing to answer on each kind of sheet. */
	const FIRST: Record<string, string> = {
		grid: '.row .question',
		checklist: '.points legend',
		comparator: 'fieldset.scale legend',
		clauses: 'label[for^="clause-"]',
		inventory: '.rows label',
		notes: '#notes-editor label'
	};
	const sheetLinks = () => page.getByTestId('sheet-list').getByRole('link');
	let participant: LaunchedBrowser | undefined;

	afterAll(async () => {
		await participant?.close();
	});

	/** Opens each sheet and returns where its first question starts, per sheet type. */
	async function firstQuestions(on: Page): Promise<Record<string, number>> {
		const tops: Record<string, number> = {};
		const home = on.url().split('?')[0]!;
		await on.getByTestId('sheet-list').getByRole('link').first().waitFor();
		const count = await on.getByTestId('sheet-list').getByRole('link').count();
		for (let i = 0; i < count; i++) {
			await open(on, home);
			await on.getByTestId('sheet-list').getByRole('link').nth(i).click();
			const editor = on.locator('fieldset.editor');
			await editor.waitFor();
			const type = (await editor.getAttribute('data-type'))!;
			const first = editor.locator(FIRST[type]!).first();
			await first.waitFor();
			tops[type] = (await first.boundingBox())!.y;
			// Every control of the sheet is a 44 px target (a radio's or a checkbox's label is its target).
			const small = await editor.evaluate((root) =>
				[
					...root.querySelectorAll<HTMLElement>(
						'button, a, select, summary, input:not([type=radio]):not([type=checkbox]), label:has(input[type=radio])'
					)
				]
					.filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.visually-hidden'))
					.filter((e) => e.getBoundingClientRect().height < 43.5)
					.map((e) => `${e.tagName} « ${e.textContent?.trim().slice(0, 40)} » ${Math.round(e.getBoundingClientRect().height)} px`)
			);
			expect(small, type).toEqual([]);
			if (shots) await on.screenshot({ path: `${shots}/first-${type}-${i}.png` });
		}
		return tops;
	}

	it('shows every kind of sheet’s first question within the first 400 px, for the facilitator and for a participant', async () => {
		for (const kind of ['comparator', 'clauses', 'template:inventaire', 'notes']) {
			await page.getByRole('link', { name: '← Toutes les fiches' }).click();
			await addSheet(kind);
			await page.locator('fieldset.editor').waitFor();
			// An inventory starts empty: its first line is what people fill.
			if (kind === 'template:inventaire') await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
		}
		await page.getByRole('link', { name: '← Toutes les fiches' }).click();
		await expect.poll(() => sheetLinks().count()).toBe(6);
		// Inside an atelier the text is 18 px.
		expect(await page.locator('main').evaluate((e) => getComputedStyle(e).fontSize)).toBe('18px');
		const facilitator = await firstQuestions(page);
		expect(Object.keys(facilitator).sort()).toEqual(['checklist', 'clauses', 'comparator', 'grid', 'inventory', 'notes']);
		for (const [type, top] of Object.entries(facilitator)) expect(top, `facilitator, ${type}`).toBeLessThan(400);

		// A participant joins from the link the laptop shows.
		await open(page, page.url().split('?')[0]!);
		const link = (await page.getByTestId('join-link').getAttribute('href'))!;
		participant = await launchDevice({ viewport: { width: 820, height: 1180 } });
		const tablet = await participant.context.newPage();
		await open(tablet, link);
		await tablet.getByLabel('Votre nom (ou un pseudonyme)').fill('Bruno');
		await tablet.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
		await expect.poll(() => tablet.getByTestId('sheet-list').getByRole('link').count(), { timeout: 20_000 }).toBe(6);
		const joined = await firstQuestions(tablet);
		for (const [type, top] of Object.entries(joined)) expect(top, `participant, ${type}`).toBeLessThan(400);
	});

	it('reads at 200 % zoom: no sideways scrolling, and the sheet starts in the first screen', async () => {
		// A 1280×900 laptop at 200 %: 640×450 CSS pixels.
		await page.setViewportSize({ width: 640, height: 450 });
		await open(page, page.url().split('?')[0]!);
		await sheetLinks()
			.filter({ hasText: /Grille de questions/ })
			.click();
		const first = page.locator('.row .question').first();
		await first.waitFor();
		expect((await first.boundingBox())!.y).toBeLessThan(450);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
		if (shots) await page.screenshot({ path: `${shots}/zoom-200.png` });
		await page.setViewportSize({ width: 820, height: 1180 });
	});
});
