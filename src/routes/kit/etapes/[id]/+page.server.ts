import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { stepLabels, stepRelations } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().steps.map(({ id }) => ({ id }));

function pick(step: { id: string; order: number; short: string } | undefined) {
	return step ? { id: step.id, order: step.order, short: step.short } : null;
}

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const relations = stepRelations(kit, params.id);
	if (!relations) error(404, 'Étape introuvable');
	const index = kit.steps.indexOf(relations.step);
	// Only what the page shows: the details live on each item's own page.
	return {
		step: relations.step,
		grid: relations.grid,
		axes: relations.axes.map(({ id, code, title, items }) => ({ id, code, title, count: items.length })),
		clauses: relations.clauses.map(({ id, title, theme }) => ({ id, title, theme: theme.title })),
		formats: relations.formats.map(({ id, title, duration, produces }) => ({ id, title, duration, produces })),
		cases: relations.cases.map(({ id, title, territory }) => ({ id, title, territory })),
		templates: relations.templates.map(({ id, title }) => ({ id, title })),
		labels: stepLabels(kit),
		previous: pick(kit.steps[index - 1]),
		next: pick(kit.steps[index + 1])
	};
};
