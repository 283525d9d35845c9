import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { allClauses, stepLabels } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => allClauses(getKit()).map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const clause = allClauses(kit).find((c) => c.id === params.id);
	if (!clause) error(404, 'Clause introuvable');
	return { clause, labels: stepLabels(kit) };
};
