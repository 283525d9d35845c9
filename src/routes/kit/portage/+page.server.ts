import { getKit } from '$lib/content/kit.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const kit = getKit();
	return {
		vehicles: kit.vehicles.map(({ id, title, short, family, dataFit, scores }) => ({ id, title, short, family, dataFit, scores })),
		criteria: kit.criteria
	};
};
