import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().formats.map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const format = kit.formats.find((f) => f.id === params.id);
	if (!format) error(404, 'Format introuvable');
	return { format, labels: stepLabels(kit) };
};
