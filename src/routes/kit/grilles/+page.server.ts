import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const kit = getKit();
	return {
		grids: kit.grids.map(({ id, title, step, questions }) => ({ id, title, step, count: questions.length })),
		labels: stepLabels(kit)
	};
};
