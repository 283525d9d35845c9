// A simulated atelier day run by an animateur on a laptop with two participants on tablets, each its
// own Chromium process in a loopback-only network namespace with the real atelier server: agenda
// built from the carnet, three steps started in one action each (follow-me, rule, timer), lock,
// hidden answers and reveal, anonymity, dot-votes with a budget, a participant's forged facilitator
// actions, and the sync receipts before closing. Chloé's tablet clock is 7 minutes fast.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQr, expectFrenchTypography, expectNoAxeViolations, open } from './helpers.ts';
import { Lab } from './netns.ts';
import type { AtelierTestHandle } from '../../src/lib/session/test-handle.ts';

const PORT = 18_797;
const base = `http://127.0.0.1:${PORT}`;
let lab: Lab;
let link = '';
let atelierPath = '';
const sheets: Record<'grid' | 'comparator' | 'clauses', string> = { grid: '', comparator: '', clauses: '' };

// A tablet whose wall clock is 7 minutes ahead: Date and Date.now lie, performance.now does not.
const SKEWED_CLOCK = `(() => {
	const offset = 7 * 60 * 1000;
	const RealDate = Date;
	class SkewedDate extends RealDate {
		constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
		static now() { return RealDate.now() + offset; }
	}
	globalThis.Date = SkewedDate;
})();`;

const device = (options: Parameters<Lab['device']>[0] = {}) => lab.device(options);

let a: Page;
let b: Page;
let c: Page;
/** When the countdown last changed (Date.now() of the test runner). */
let resumedAt = 0;

async function joinAtelier(page: Page, name: string): Promise<void> {
	await open(page, link);
	await page.getByLabel('Votre nom (ou un pseudonyme)').fill(name);
	await page.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await page.getByTestId('sheet-list').waitFor({ timeout: 20_000 });
}

async function addSheet(key: string): Promise<string> {
	await open(a, `${base}${atelierPath}`);
	await a.getByLabel('Ajouter une fiche du kit').selectOption(key);
	await a.getByRole('button', { name: 'Ajouter la fiche' }).click();
	await a.locator('fieldset.editor').waitFor();
	return new URL(a.url()).searchParams.get('fiche') ?? '';
}

const onSheet = (page: Page) => page.locator('fieldset.editor').getAttribute('data-sheet');
const timerSeconds = async (page: Page) => Number(await page.getByTestId('timer').getAttribute('data-seconds'));
const step = (title: RegExp) => a.getByTestId('agenda').locator('li').filter({ hasText: title });

/** What a modified client could send through the test handle (see AtelierTestHandle). */
type Forged =
	| { kind: 'castVote'; sheetId: string; itemId: string }
	| { kind: 'startTimer'; ms: number }
	| { kind: 'applyRule'; sheetId: string }
	| { kind: 'bringEveryone'; sheetId: string }
	| { kind: 'nameSelf' };

/** Sends a facilitation intent from a participant's own client, as a modified client could (the screen hides these controls). */
function forge(page: Page, forged: Forged): Promise<{ ok: boolean; refusal: string | null }> {
	return page.evaluate((f) => {
		const handle: AtelierTestHandle = window.atelierTestHandle!;
		const intents = handle.facilitation;
		const ok =
			f.kind === 'castVote'
				? intents.castVote(f.sheetId, f.itemId, 1)
				: f.kind === 'startTimer'
					? intents.startTimer(f.ms)
					: f.kind === 'applyRule'
						? intents.applyRule(f.sheetId, 'ouvert')
						: f.kind === 'bringEveryone'
							? intents.bringEveryone(f.sheetId)
							: intents.nameCoFacilitator(handle.participantId, true);
		return { ok, refusal: handle.refusal() };
	}, forged);
}

beforeAll(async () => {
	lab = await Lab.start('atelier-anim', PORT);

	a = await device({ viewport: { width: 1280, height: 900 } });
	await open(a, `${base}/ateliers`);
	await a.getByLabel('Titre').fill('Journée données de la mobilité');
	await a.getByRole('button', { name: 'Créer l’atelier' }).click();
	await a.getByLabel('Votre nom').fill('Anne');
	await a.getByRole('button', { name: 'Continuer' }).click();
	link = (await a.getByTestId('join-link').getAttribute('href')) ?? '';
	atelierPath = new URL(a.url()).pathname;
	// Nobody has joined yet: the invitation comes first on the facilitator's page.
	const top = async (name: string) => (await a.getByRole('region', { name }).boundingBox())?.y ?? -1;
	expect(await top('Inviter les participants')).toBeLessThan(await top('Déroulé de l’atelier'));
	sheets.grid = await addSheet('grid:grille-besoins');
	sheets.comparator = await addSheet('comparator');
	sheets.clauses = await addSheet('clauses');
	// Two clauses in the basket, for the vote of step 3.
	for (const index of [1, 2]) {
		await a.getByLabel('Ajouter une clause de la bibliothèque').selectOption({ index });
		await a.getByRole('button', { name: 'Ajouter au panier' }).click();
	}
	await a.locator('.items > li').nth(1).waitFor();

	b = await device();
	c = await device({ initScript: SKEWED_CLOCK });
	await Promise.all([joinAtelier(b, 'Bruno'), joinAtelier(c, 'Chloé')]);
}, 150_000);

afterAll(async () => {
	await lab?.close();
});

describe('facilitating an atelier day', () => {
	it('builds the agenda from the carnet, with times computed and shown to everyone', async () => {
		await open(a, `${base}${atelierPath}`);
		await a.getByLabel('Heure de début').fill('09:30');
		await a.getByLabel('Heure de début').dispatchEvent('change');
		for (const format of ['brainstorming-vote', 'pesee-structures', 'proces-du-contrat']) {
			await a.getByLabel('Ajouter un format du carnet').selectOption(format);
			await a.getByRole('button', { name: 'Ajouter au déroulé' }).click();
		}
		await expect.poll(() => a.getByTestId('agenda').locator('li').count()).toBe(3);
		// The agenda reads as a list; « Modifier » opens a step's settings.
		expect(await step(/Pesée/).getByLabel('Fiche').count()).toBe(0);
		for (const title of [/Remue-méninges/, /Pesée/, /procès/])
			await step(title)
				.getByRole('button', { name: /^Modifier/ })
				.click();
		// Each step was linked to the sheet of the kind its format fills.
		expect(
			await step(/Remue-méninges/)
				.getByLabel('Fiche')
				.inputValue()
		).toBe(sheets.grid);
		expect(await step(/Pesée/).getByLabel('Fiche').inputValue()).toBe(sheets.comparator);
		expect(
			await step(/procès/)
				.getByLabel('Fiche')
				.inputValue()
		).toBe(sheets.clauses);
		await step(/Pesée/).getByLabel('Règle').selectOption('masque');
		await step(/procès/)
			.getByLabel('Règle')
			.selectOption('anonyme');
		await step(/procès/)
			.getByLabel('Durée (min)')
			.fill('45');
		await step(/procès/)
			.getByLabel('Durée (min)')
			.dispatchEvent('change');
		// 60 + 120 + 45 minutes from 09:30.
		await expect.poll(() => a.getByTestId('agenda-total').innerText()).toBe('De 09:30 à 13:15 · 3\u00a0h\u00a045 au total');
		await step(/procès/)
			.getByRole('button', { name: /^Monter/ })
			.click();
		await expect.poll(() => a.getByTestId('agenda').locator('li').nth(1).innerText()).toMatch(/10:30–11:15.*procès/s);
		await step(/procès/)
			.getByRole('button', { name: /^Descendre/ })
			.click();
		for (const page of [b, c]) {
			await expect.poll(() => page.getByTestId('agenda').locator('li').count(), { timeout: 10_000 }).toBe(3);
			expect(await page.getByTestId('agenda').innerText()).toMatch(
				/09:30–10:30[\s\S]*Remue-méninges[\s\S]*10:30–12:30[\s\S]*Pesée[\s\S]*12:30–13:15[\s\S]*procès/
			);
			// Participants see the agenda, not its controls.
			expect(await page.getByRole('button', { name: /^(Démarrer|Modifier|Séquence suivante)/ }).count()).toBe(0);
		}
		await expectNoAxeViolations(a);
		await expectFrenchTypography(a);
		await expectNoAxeViolations(b);
	});

	it('step 1: one action brings both tablets to the grid and starts the same countdown, even on a tablet whose clock is 7 minutes off', async () => {
		// One primary action runs the day: it names the step it starts.
		await a.getByRole('button', { name: /^Démarrer le déroulé\s: .*Remue-méninges/ }).click();
		for (const page of [b, c]) await expect.poll(() => onSheet(page), { timeout: 10_000 }).toBe(sheets.grid);
		expect(await a.getByTestId('agenda').locator('[aria-current=step]').innerText()).toMatch(/Remue-méninges/);
		await expect.poll(() => b.getByTestId('current-step').innerText()).toMatch(/Remue-méninges/);
		const [sa, sb, sc] = await Promise.all([a, b, c].map(timerSeconds));
		expect(sa).toBeGreaterThan(59 * 60);
		expect(Math.abs((sb ?? 0) - (sa ?? 0))).toBeLessThanOrEqual(2);
		expect(Math.abs((sc ?? 0) - (sa ?? 0))).toBeLessThanOrEqual(2);
		expect(await c.evaluate(() => Date.now() - performance.timeOrigin - performance.now())).toBeGreaterThan(6 * 60 * 1000);
		// A participant may leave the followed sheet and come back through the banner.
		await open(b, `${base}${atelierPath}`);
		await b.getByTestId('follow-banner').getByRole('link', { name: 'Y aller' }).click();
		await expect.poll(() => onSheet(b)).toBe(sheets.grid);
	});

	it('gives a participant the atelier alone, and adding sheets only once the facilitator allows it', async () => {
		await open(b, `${base}${atelierPath}`);
		await b.getByTestId('sheet-list').waitFor();
		// No kit navigation, no search, no export or merge: the sheets and the agenda.
		expect(await b.getByRole('navigation', { name: 'Navigation principale' }).count()).toBe(0);
		expect(await b.getByRole('search').count()).toBe(0);
		expect(await b.getByLabel('Ajouter une fiche du kit').count()).toBe(0);
		expect(await b.getByRole('link', { name: 'Rapport imprimable (PDF)' }).count()).toBe(0);
		expect(await b.getByText(/^Autres formats/).count()).toBe(0);
		await expectNoAxeViolations(b);
		if (process.env.ATELIER_SHOTS) {
			await b.setViewportSize({ width: 820, height: 1180 });
			await b.screenshot({ path: `${process.env.ATELIER_SHOTS}/participant-overview.png` });
			await b.setViewportSize({ width: 1280, height: 720 });
		}
		// The facilitator keeps a link to the kit (opened aside), not the whole site's navigation; with tablets in,
		// the agenda comes before the invitation.
		await open(a, `${base}${atelierPath}`);
		const navigation = a.getByRole('navigation', { name: 'Navigation principale' });
		await navigation.getByRole('link', { name: /^Kit/ }).waitFor();
		expect(await navigation.getByRole('link').count()).toBe(1);
		expect(await a.getByRole('search').count()).toBe(0);
		const top = async (name: string) => (await a.getByRole('region', { name }).boundingBox())?.y ?? -1;
		await expect.poll(async () => (await top('Inviter les participants')) - (await top('Déroulé de l’atelier'))).toBeGreaterThan(0);
		if (process.env.ATELIER_SHOTS) await a.screenshot({ path: `${process.env.ATELIER_SHOTS}/facilitator-overview.png`, fullPage: true });
		const allow = a.getByTestId('permissions').getByLabel('Ajouter des fiches et des questions');
		await allow.check();
		await b.getByLabel('Ajouter une fiche du kit').waitFor({ timeout: 10_000 });
		expect(await b.getByRole('link', { name: 'Rapport imprimable (PDF)' }).count()).toBe(0);
		await allow.uncheck();
		await expect.poll(() => b.getByLabel('Ajouter une fiche du kit').count(), { timeout: 10_000 }).toBe(0);
		await b.getByTestId('follow-banner').getByRole('link', { name: 'Y aller' }).click();
		await expect.poll(() => onSheet(b)).toBe(sheets.grid);
		// On the grid too: answering, not adding questions.
		expect(await b.getByLabel('Ajouter une question').count()).toBe(0);
	});

	it('pauses and extends the countdown on every device', async () => {
		await a.getByRole('button', { name: 'Pause' }).click();
		for (const page of [b, c])
			await expect.poll(() => page.getByTestId('timer').getAttribute('data-running'), { timeout: 10_000 }).toBe('false');
		const paused = await timerSeconds(a);
		await new Promise((r) => setTimeout(r, 1_500));
		expect(await Promise.all([a, b, c].map(timerSeconds))).toEqual([paused, paused, paused]);
		await a.getByRole('button', { name: '+5 min' }).click();
		await a.getByRole('button', { name: 'Reprendre' }).click();
		resumedAt = Date.now();
		for (const page of [b, c]) await expect.poll(() => timerSeconds(page), { timeout: 10_000 }).toBeGreaterThan(paused + 290);
	});

	it('step 1: dot-votes within a budget, results live for the animateur and hidden from participants until revealed', async () => {
		await open(a, `${base}${atelierPath}?fiche=${sheets.grid}`);
		await a.locator('fieldset.editor').waitFor();
		await a.getByLabel('Gommettes par personne').fill('2');
		await a.getByRole('button', { name: 'Ouvrir le vote' }).click();
		const plus = (page: Page, row: number) =>
			page
				.locator('.row')
				.nth(row)
				.getByRole('button', { name: /^Placer une gommette/ });
		await plus(b, 0).waitFor({ timeout: 10_000 });
		await plus(b, 0).click();
		await plus(b, 0).click();
		await expect
			.poll(() =>
				b
					.locator('.row')
					.nth(0)
					.getByTestId(/^vote-/)
					.innerText()
			)
			.toMatch(/2 gommettes[\s\S]*0 restante sur 2/);
		// The budget is spent: the buttons say so, and the model refuses a forged third dot.
		expect(await plus(b, 1).isDisabled()).toBe(true);
		const row = await b.locator('.row').nth(1).getAttribute('data-row');
		const forged = await forge(b, { kind: 'castVote', sheetId: sheets.grid, itemId: row ?? '' });
		expect(forged.ok).toBe(false);
		expect(forged.refusal).toMatch(/vos 2 gommettes/);
		await plus(c, 1).waitFor({ timeout: 10_000 });
		await plus(c, 1).click();
		await expect
			.poll(() => a.getByTestId('vote-results').innerText(), { timeout: 10_000 })
			.toMatch(/^2 gommettes \(1 personne\) · 1\.[\s\S]*\n1 gommette \(1 personne\) · 2\./);
		expect(await b.getByTestId('votes-hidden').isVisible()).toBe(true);
		expect(await b.getByTestId('vote-results').count()).toBe(0);
		await expectNoAxeViolations(b);
		await a.getByRole('button', { name: 'Dévoiler les résultats du vote' }).click();
		await expect
			.poll(
				() =>
					b
						.getByTestId('vote-results')
						.innerText()
						.catch(() => ''),
				{ timeout: 10_000 }
			)
			.toMatch(/^2 gommettes/);
		await expectNoAxeViolations(a);
	});

	it('step 1: a lock makes the sheet read-only for participants, the model refusing their edits', async () => {
		await b.locator('.row').nth(2).locator('[id$="-reponse"]').fill('Avant le verrou');
		await expect.poll(() => a.locator('.row').nth(2).locator('[id$="-reponse"]').inputValue(), { timeout: 10_000 }).toBe('Avant le verrou');
		await a.getByRole('button', { name: 'Verrouiller' }).click();
		for (const page of [b, c]) {
			await expect.poll(() => page.locator('fieldset.editor').getAttribute('data-locked'), { timeout: 10_000 }).toBe('true');
			expect(await page.locator('.row').nth(2).locator('[id$="-reponse"]').isDisabled()).toBe(true);
			expect(await page.getByTestId('sheet-rules').innerText()).toMatch(/verrouillée/);
		}
		// A client going around the disabled field (typing into the cell anyway) is refused by the
		// session's one write gate, and nothing reaches the others.
		const rowId = (await b.locator('.row').nth(2).getAttribute('data-row')) ?? '';
		const typed = await b.evaluate(([sheet, row]) => window.atelierTestHandle!.typeInto(sheet, row, 'reponse', 'Forcé malgré le verrou'), [
			sheets.grid,
			rowId
		] as const);
		expect(typed).toBe(false);
		expect(await b.evaluate(() => window.atelierTestHandle!.refusal())).toMatch(/verrouillée par l’animateur/);
		// The animateur still edits.
		await a.locator('.row').nth(2).locator('[id$="-reponse"]').fill('Synthèse de l’animatrice');
		await expect
			.poll(() => c.locator('.row').nth(2).locator('[id$="-reponse"]').inputValue(), { timeout: 10_000 })
			.toBe('Synthèse de l’animatrice');
		await expectNoAxeViolations(c);
		await expectFrenchTypography(c);
	});

	it('refuses facilitator actions forged by a participant’s client, on every device', async () => {
		const before = await timerSeconds(a);
		for (const operation of [
			{ kind: 'startTimer', ms: 1000 },
			{ kind: 'applyRule', sheetId: sheets.grid },
			{ kind: 'bringEveryone', sheetId: sheets.clauses },
			{ kind: 'nameSelf' }
		] satisfies Forged[]) {
			const result = await forge(b, operation);
			expect(result.ok, operation.kind).toBe(false);
			expect(result.refusal).toBe('Seul l’animateur ou un co-animateur peut faire cela.');
		}
		await expect.poll(() => b.getByTestId('refusal').innerText()).toMatch(/Seul l’animateur/);
		await new Promise((r) => setTimeout(r, 500));
		expect(await a.locator('fieldset.editor').getAttribute('data-sheet')).toBe(sheets.grid);
		expect(await c.locator('fieldset.editor').getAttribute('data-locked')).toBe('true');
		expect(Math.abs((await timerSeconds(a)) - before)).toBeLessThanOrEqual(2);
		expect(await onSheet(c)).toBe(sheets.grid);
	});

	it('shows the right time on a tablet reopened mid-countdown, from its own record or else from the laptop', async () => {
		const url = b.url();
		const gap = async () => Math.abs((await timerSeconds(b)) - (await timerSeconds(a)));
		// The countdown last changed (resume) at least 12 s ago: a reopened tablet counting from that
		// change would be that far off.
		await new Promise((r) => setTimeout(r, Math.max(0, resumedAt + 12_000 - Date.now())));
		await open(b, url);
		await b.getByTestId('timer').waitFor();
		expect(await gap()).toBeLessThanOrEqual(2);
		// Without its own record (another tablet, cleared storage): the laptop's published countdown.
		await b.evaluate(() => localStorage.clear());
		await open(b, url);
		await b.getByTestId('timer').waitFor();
		await expect.poll(gap, { timeout: 15_000 }).toBeLessThanOrEqual(2);
		await new Promise((r) => setTimeout(r, 6_000));
		expect(await gap()).toBeLessThanOrEqual(2);
	});

	it('step 2: the comparator with answers hidden until the reveal, then locked', async () => {
		await open(a, `${base}${atelierPath}`);
		await a.getByRole('button', { name: /^Séquence suivante\s: .*Pesée/ }).click();
		for (const page of [b, c]) await expect.poll(() => onSheet(page), { timeout: 10_000 }).toBe(sheets.comparator);
		await expect.poll(() => timerSeconds(c), { timeout: 10_000 }).toBeGreaterThan(119 * 60);
		for (const page of [b, c]) await page.getByTestId('ranking-hidden').waitFor({ timeout: 10_000 });
		await open(a, `${base}${atelierPath}?fiche=${sheets.comparator}`);
		await a.locator('fieldset.editor').waitFor();
		expect(await a.getByTestId('ranking-hidden').count()).toBe(0);
		// Nobody has weighed yet: no ranking from the kit's suggested scores alone (no anchoring), and the
		// weights not given say what they count for.
		await a.getByTestId('ranking-waiting').waitFor();
		expect(await a.locator('.ranking').count()).toBe(0);
		expect(await a.locator('fieldset.scale').first().innerText()).toContain('non pesé (compte 0)');
		await b.getByTestId('ranking-waiting').waitFor();
		// Bruno weights the first criterion 5, Chloé 1: neither sees the other's.
		const weight = (page: Page, value: string) => page.locator('fieldset.scale').first().getByLabel(value, { exact: true }).check();
		await weight(b, '5');
		await weight(c, '1');
		await expect.poll(() => a.locator('.ranking tbody tr').first().innerText(), { timeout: 10_000 }).toMatch(/2 avis/);
		expect(await a.getByTestId('ranking-waiting').count()).toBe(0);
		for (const page of [b, c]) {
			expect(await page.locator('.ranking tbody').innerText()).not.toMatch(/avis/);
			expect(await page.locator('fieldset.scale').first().innerText()).not.toMatch(/groupe/);
		}
		await expectNoAxeViolations(c);
		await a.getByRole('button', { name: 'Dévoiler les réponses' }).click();
		for (const page of [b, c]) {
			await expect.poll(() => page.locator('.ranking tbody').innerText(), { timeout: 10_000 }).toMatch(/2 avis/);
			expect(await page.getByTestId('ranking-hidden').count()).toBe(0);
		}
		await a.getByRole('button', { name: 'Verrouiller' }).click();
		await expect.poll(() => b.locator('fieldset.editor').getAttribute('data-locked'), { timeout: 10_000 }).toBe('true');
		expect(await b.locator('fieldset.scale').first().getByLabel('3', { exact: true }).isDisabled()).toBe(true);
	});

	it('step 3: anonymous clauses show nobody’s name, and the timer’s end is signalled on the tablets', async () => {
		await open(a, `${base}${atelierPath}`);
		await a.getByRole('button', { name: /^Séquence suivante\s: .*procès/ }).click();
		await a.getByTestId('last-step').waitFor();
		for (const page of [b, c]) await expect.poll(() => onSheet(page), { timeout: 10_000 }).toBe(sheets.clauses);
		await open(a, `${base}${atelierPath}?fiche=${sheets.clauses}`);
		await a.locator('fieldset.editor').waitFor();
		for (const page of [a, b, c])
			await expect.poll(() => page.getByTestId('sheet-rules').getAttribute('data-anonymous'), { timeout: 10_000 }).toBe('true');
		await b.locator('.items > li').first().getByLabel('Notes sur cette clause').click();
		await b.locator('.items > li').first().getByLabel('Notes sur cette clause').pressSequentially('Clause à renforcer', { delay: 10 });
		await expect
			.poll(() => a.locator('.items > li').first().getByLabel('Notes sur cette clause').inputValue(), { timeout: 10_000 })
			.toBe('Clause à renforcer');
		// The text arrives, the author's name does not: not on the laptop, not on the other tablet.
		for (const page of [a, c]) expect(await page.locator('.items').innerText()).not.toMatch(/Bruno/);
		expect(await a.locator('.items .editors span').count()).toBe(0);
		// A short timer for the end of the step: the end is signalled on every device.
		await a.getByTestId('free-timer').locator('summary').click();
		await a.getByRole('spinbutton', { name: 'Minutes' }).fill('0');
		await a.getByRole('spinbutton', { name: 'Secondes' }).fill('3');
		await a.getByRole('button', { name: 'Démarrer le minuteur' }).click();
		for (const page of [a, b, c])
			await expect.poll(() => page.getByTestId('timer').innerText(), { timeout: 15_000 }).toMatch(/Temps écoulé/);
		await a.getByRole('button', { name: 'Arrêter' }).click();
		await expect.poll(() => b.getByTestId('timer').count(), { timeout: 10_000 }).toBe(0);
		await a.getByRole('button', { name: 'Masquer les réponses individuelles' }).click();
		await expect.poll(() => b.getByTestId('sheet-rules').getAttribute('data-hidden'), { timeout: 10_000 }).toBe('true');
		expect(await b.getByTestId('sheet-rules').innerText()).toMatch(/vous ne voyez que les vôtres/);
		await a.getByRole('button', { name: 'Dévoiler les réponses' }).click();
		await expect.poll(() => b.getByTestId('sheet-rules').getAttribute('data-hidden'), { timeout: 10_000 }).toBe('false');
		await a.getByRole('button', { name: 'Verrouiller' }).click();
		await expect.poll(() => c.locator('fieldset.editor').getAttribute('data-locked'), { timeout: 10_000 }).toBe('true');
		await expectNoAxeViolations(a);
		await expectNoAxeViolations(b);
	});

	it('projects the invitation, the current step and the countdown, readable from the back of the room', async () => {
		await open(a, `${base}${atelierPath}`);
		await a.getByTestId('free-timer').locator('summary').click();
		await a.getByRole('spinbutton', { name: 'Minutes' }).fill('12');
		await a.getByRole('spinbutton', { name: 'Secondes' }).fill('0');
		await a.getByRole('button', { name: 'Démarrer le minuteur' }).click();
		const projector = await a.context().newPage();
		await projector.setViewportSize({ width: 1920, height: 1080 });
		await open(projector, `${base}${atelierPath}/projeter`);
		const view = projector.getByTestId('projection');
		await view.waitFor();
		const qr = projector.getByRole('img', { name: 'Code QR pour rejoindre l’atelier' });
		await qr.waitFor();
		expect((await qr.boundingBox())!.height).toBeGreaterThanOrEqual(0.4 * 1080);
		// Scanned from the back of the room, it is the invitation the laptop shows.
		expect(await decodeQr(qr)).toBe(link);
		const timer = projector.getByRole('timer', { name: 'Minuteur' });
		await expect.poll(() => timer.innerText()).toMatch(/^1[12]:\d\d$/);
		const digits = await timer.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
		expect(digits).toBeGreaterThanOrEqual(0.12 * 1080);
		expect(await view.innerText()).toMatch(/procès/);
		expect(await projector.getByLabel('Code de l’atelier').innerText()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
		await expect
			.poll(() => projector.getByTestId('projected-devices').innerText(), { timeout: 10_000 })
			.toMatch(/^2 appareils connectés · 2 synchronisés$/);
		// The projection tab is not a device of the room: the laptop still lists Anne, Bruno and Chloé once each.
		await new Promise((r) => setTimeout(r, 1_500));
		expect(await a.getByTestId('devices').locator('li').count()).toBe(3);
		// No navigation, no search, no control: the page alone.
		expect(await projector.getByRole('navigation').count()).toBe(0);
		expect(await projector.getByRole('button').count()).toBe(0);
		if (process.env.ATELIER_SHOTS) await projector.screenshot({ path: `${process.env.ATELIER_SHOTS}/projection.png` });
		await expectNoAxeViolations(projector);
		await expectFrenchTypography(projector);
		await projector.close();
		await a.getByRole('button', { name: 'Arrêter' }).click();
	});

	it('brings everyone to a section of a long sheet', async () => {
		const commons = await addSheet('template:commun');
		const bring = a.getByRole('button', { name: 'Amener tout le monde à cette section' });
		expect(await bring.count()).toBeGreaterThan(2);
		await bring.nth(2).click();
		const heading = b.locator('h2.section').nth(2);
		await expect.poll(() => onSheet(b), { timeout: 10_000 }).toBe(commons);
		await heading.waitFor();
		// The section's heading is on screen, not the top of the sheet, and not hidden under the sticky bar.
		await expect.poll(() => heading.evaluate((h) => Math.round(h.getBoundingClientRect().top)), { timeout: 5_000 }).toBeLessThan(200);
		const barBottom = await b.locator('.top-bar').evaluate((bar) => bar.getBoundingClientRect().bottom);
		expect(await heading.evaluate((h) => h.getBoundingClientRect().top)).toBeGreaterThanOrEqual(barBottom);
		expect(await b.evaluate(() => window.scrollY)).toBeGreaterThan(300);
	});

	it('names a co-animateur, whose controls then work', async () => {
		await open(a, `${base}${atelierPath}`);
		const chloe = a.getByTestId('roster').locator('li').filter({ hasText: 'Chloé' });
		await chloe.getByRole('button', { name: 'Nommer co-animateur' }).click();
		const controls = c.getByRole('button', { name: 'Amener tout le monde ici' });
		// Chloé's tablet now shows the « Animation » bar, folded on a tablet: she opens it.
		const bar = c.getByTestId('animation');
		await bar.waitFor({ timeout: 10_000 });
		expect(await bar.getAttribute('open')).toBeNull();
		await bar.getByText('Animation', { exact: true }).click();
		await expect.poll(() => controls.count(), { timeout: 10_000 }).toBe(1);
		// Chloé locks the sheet both tablets are on: Bruno can no longer edit it, Chloé still can.
		await c.getByRole('button', { name: 'Verrouiller' }).click();
		await expect.poll(() => b.locator('fieldset.editor').getAttribute('data-locked'), { timeout: 10_000 }).toBe('true');
		expect(await c.locator('fieldset.editor').getAttribute('data-locked')).toBe('false');
		await chloe.getByRole('button', { name: 'Retirer le rôle de co-animateur' }).click();
		await expect.poll(() => controls.count(), { timeout: 10_000 }).toBe(0);
		await expect.poll(() => c.locator('fieldset.editor').getAttribute('data-locked'), { timeout: 10_000 }).toBe('true');
	});

	it('shows sync receipts before closing, keeping a device that left, and puts the agenda and votes in the report', async () => {
		await open(a, `${base}${atelierPath}`);
		const receipts = a.getByTestId('receipts');
		await expect.poll(() => receipts.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
		await expect
			.poll(() => a.getByTestId('receipts-summary').innerText(), { timeout: 15_000 })
			.toMatch(/toutes les modifications des 2 appareils/);
		await c.close();
		await expect
			.poll(() => receipts.locator('tr[data-present=false]').innerText(), { timeout: 45_000 })
			.toMatch(/Chloé[\s\S]*Tout est reçu[\s\S]*parti/);
		await expectNoAxeViolations(a);
		await open(a, `${base}${atelierPath}/rapport`);
		const report = a.getByTestId('report');
		await report.waitFor();
		expect(await a.getByTestId('report-agenda').innerText()).toMatch(
			/09:30–10:30\s+\d+\. Remue-méninges[\s\S]*Grille[\s\S]*Pesée[\s\S]*Réponses masquées[\s\S]*procès[\s\S]*Anonyme/
		);
		expect(await a.getByTestId('report-votes').first().innerText()).toMatch(
			/^Rang\s+Élément\s+Gommettes\s+1\s[\s\S]*2 gommettes \(1 personne\)/
		);
		expect(await report.innerText()).toMatch(/Étape anonyme/);
	});
});
