// The real kit in content/: it loads without error and keeps the size the product promises
// (docs/CONTENT.md). A content edit that drops below these floors fails the build's tests.
import { describe, expect, it } from 'vitest';
import { kitCounts } from './counts.ts';
import { getKit } from './kit.server.ts';
import { STEP_IDS } from './schema.ts';

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
