import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().axes.map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const axis = kit.axes.find((a) => a.id === params.id);
	if (!axis) error(404, 'Axe introuvable');
	return { axis, labels: stepLabels(kit) };
};
