import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().vehicles.map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const vehicle = kit.vehicles.find((v) => v.id === params.id);
	if (!vehicle) error(404, 'Structure introuvable');
	return { vehicle, criteria: kit.criteria.criteria };
};
