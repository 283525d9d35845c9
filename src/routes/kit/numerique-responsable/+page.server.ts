import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const kit = getKit();
	return { axes: kit.axes, labels: stepLabels(kit) };
};
