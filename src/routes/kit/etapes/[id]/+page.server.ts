import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { stepLabels, stepRelations } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().steps.map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const relations = stepRelations(kit, params.id);
	if (!relations) error(404, 'Étape introuvable');
	const index = kit.steps.indexOf(relations.step);
	return {
		...relations,
		labels: stepLabels(kit),
		previous: kit.steps[index - 1] ?? null,
		next: kit.steps[index + 1] ?? null
	};
};
