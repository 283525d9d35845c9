// Cross-references derived from the kit. Each item names its steps once (a clause, a format, a use
// case, an axis, a template); a step's page gathers them here, so no link is stored twice.
import type { Axis, Clause, ClauseTheme, Format, Grid, Kit, Step, Template, UseCase } from './schema.ts';

export interface ClauseWithTheme extends Clause {
	theme: Pick<ClauseTheme, 'id' | 'code' | 'title'>;
}

export interface StepRelations {
	step: Step;
	grid: Grid | undefined;
	axes: Axis[];
	clauses: ClauseWithTheme[];
	formats: Format[];
	cases: UseCase[];
	templates: Template[];
}

export function allClauses(kit: Kit): ClauseWithTheme[] {
	return kit.clauseThemes.flatMap((theme) =>
		theme.clauses.map((clause) => ({ ...clause, theme: { id: theme.id, code: theme.code, title: theme.title } }))
	);
}

export function stepRelations(kit: Kit, stepId: string): StepRelations | undefined {
	const step = kit.steps.find((s) => s.id === stepId);
	if (!step) return undefined;
	return {
		step,
		grid: kit.grids.find((g) => g.step === stepId),
		axes: kit.axes.filter((a) => a.steps.includes(stepId)),
		clauses: allClauses(kit).filter((c) => c.steps.includes(stepId)),
		formats: kit.formats.filter((f) => f.steps.includes(stepId)),
		cases: kit.cases.filter((c) => c.steps.includes(stepId)),
		templates: kit.templates.filter((t) => t.steps.includes(stepId))
	};
}

/** Short labels of steps by id, for badges. */
export function stepLabels(kit: Kit): Record<string, { order: number; short: string }> {
	return Object.fromEntries(kit.steps.map((s) => [s.id, { order: s.order, short: s.short }]));
}
