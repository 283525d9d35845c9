import { kitCounts } from '$lib/content/counts';
import { getKit } from '$lib/content/kit.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const kit = getKit();
	return {
		steps: kit.steps.map(({ id, order, short, summary }) => ({ id, order, short, summary })),
		counts: kitCounts(kit),
		templates: kit.templates.map(({ id, title }) => ({ id, title }))
	};
};
