import type { Kit } from './schema.ts';

/** What the kit holds, by deliverable: printed by content:check and asserted by the tests. */
export function kitCounts(kit: Kit): Record<string, number> {
	return {
		étapes: kit.steps.length,
		'grilles de questions': kit.grids.length,
		'questions (minimum par grille)': Math.min(...kit.grids.map((g) => g.questions.length)),
		'axes numérique responsable': kit.axes.length,
		'items numérique responsable': kit.axes.reduce((n, a) => n + a.items.length, 0),
		'structures de portage': kit.vehicles.length,
		'critères de comparaison': kit.criteria.criteria.length,
		'thèmes de clauses': kit.clauseThemes.length,
		clauses: kit.clauseThemes.reduce((n, t) => n + t.clauses.length, 0),
		"formats d'atelier": kit.formats.length,
		'journées types': kit.days.days.length,
		"cas d'usage": kit.cases.length,
		'modèles de fiches': kit.templates.length
	};
}
