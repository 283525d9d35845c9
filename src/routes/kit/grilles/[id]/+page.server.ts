import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().grids.map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const grid = kit.grids.find((g) => g.id === params.id);
	if (!grid) error(404, 'Grille introuvable');
	return { grid, labels: stepLabels(kit) };
};
