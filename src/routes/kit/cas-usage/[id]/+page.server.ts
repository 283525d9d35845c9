import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().cases.map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const useCase = kit.cases.find((c) => c.id === params.id);
	if (!useCase) error(404, 'Cas d’usage introuvable');
	return { useCase, labels: stepLabels(kit) };
};
