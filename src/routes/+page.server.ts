import { getKit } from '$lib/content/kit.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
	steps: getKit().steps.map(({ id, order, short, summary }) => ({ id, order, short, summary }))
});
