// The real kit in content/: it loads without error and keeps the size the product promises
// (docs/CONTENT.md). A content edit that drops below these floors fails the build's tests.
import { describe, expect, it } from 'vitest';
import { kitCounts } from './counts.ts';
import { getKit } from './kit.server.ts';
import { STEP_IDS } from './schema.ts';
import { agendaFormats, formatTemplate } from './agenda-formats.ts';
import { sheetTemplateChoices } from './sheet-templates.ts';

describe('the kit in content/', () => {
	const kit = getKit();

	it('has the seven steps in order, each with its grid of at least ten questions', () => {
		expect(kit.steps.map((s) => s.id)).toEqual([...STEP_IDS]);
		expect(kit.grids.map((g) => g.step)).toEqual([...STEP_IDS]);
		for (const grid of kit.grids) expect(grid.questions.length, grid.id).toBeGreaterThanOrEqual(10);
	});

	it('keeps the size of every deliverable', () => {
		const counts = kitCounts(kit);
		expect(counts['axes numérique responsable']).toBe(6);
		expect(counts['items numérique responsable']).toBeGreaterThanOrEqual(60);
		expect(counts['structures de portage']).toBeGreaterThanOrEqual(10);
		expect(counts['critères de comparaison']).toBeGreaterThanOrEqual(10);
		expect(counts['clauses']).toBeGreaterThanOrEqual(30);
		expect(counts["formats d'atelier"]).toBeGreaterThanOrEqual(15);
		expect(counts['journées types']).toBeGreaterThanOrEqual(1);
		expect(counts["cas d'usage"]).toBe(13);
		expect(counts['modèles de fiches']).toBeGreaterThanOrEqual(2);
	});

	it('scores every vehicle on every criterion of the comparator', () => {
		const criteria = kit.criteria.criteria.map((c) => c.id).sort();
		for (const vehicle of kit.vehicles) expect(Object.keys(vehicle.scores).sort(), vehicle.id).toEqual(criteria);
	});

	it('gives every step something from each main deliverable', () => {
		for (const step of STEP_IDS) {
			const clauses = kit.clauseThemes.flatMap((t) => t.clauses).filter((c) => c.steps.includes(step));
			const formats = kit.formats.filter((f) => f.steps.includes(step));
			const cases = kit.cases.filter((c) => c.steps.includes(step));
			expect(formats.length + clauses.length + cases.length, step).toBeGreaterThan(0);
		}
	});
});

describe('the carnet’s formats in an agenda', () => {
	const kit = getKit();
	const choices = sheetTemplateChoices(kit);
	const { formats, days } = agendaFormats(kit);

	it('names for every format the kit template of the sheet it fills, of the right kind', () => {
		for (const format of formats) {
			const choice = choices.find((c) => c.key === format.template);
			expect(choice?.template.kind, format.id).toBe(format.produces);
		}
		// A grid format takes the grid of its first step: the brainstorming serves « besoins » first.
		const brainstorming = kit.formats.find((f) => f.id === 'brainstorming-vote');
		expect(formats.find((f) => f.id === 'brainstorming-vote')?.template).toBe(
			`grid:${kit.grids.find((g) => g.step === brainstorming?.steps[0])?.id}`
		);
	});

	it('gives the checklist sheet every point with its code, expected proof and the kit’s caveats', () => {
		const template = choices.find((c) => c.template.kind === 'checklist')?.template;
		if (template?.kind !== 'checklist') throw new Error('no checklist template');
		const items = template.axes.flatMap((a) => a.items);
		expect(items).toHaveLength(kit.axes.flatMap((a) => a.items).length);
		expect(items[0]).toMatchObject({ id: 'a1', code: 'A1', evidence: kit.axes[0]?.items[0]?.evidence });
		const caveated = kit.axes.flatMap((a) => a.items).filter((i) => i.toVerify?.length);
		expect(caveated.length).toBeGreaterThan(0);
		for (const item of caveated) expect(items.find((i) => i.id === item.id)?.toVerify, item.id).toEqual(item.toVerify);
	});

	it('falls back to the first template of the kind when none of the format’s steps has one', () => {
		expect(formatTemplate({ produces: 'comparator', steps: ['besoins'] }, choices)).toBe('comparator');
		expect(formatTemplate({ produces: 'grid', steps: [] }, choices)).toBe(choices.find((c) => c.template.kind === 'grid')?.key);
	});

	it('builds every suggested day from formats it knows', () => {
		for (const day of days)
			for (const id of day.formats)
				expect(
					formats.some((f) => f.id === id),
					`${day.id}: ${id}`
				).toBe(true);
	});
});
