import { error } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { EntryGenerator, PageServerLoad } from './$types';

export const entries: EntryGenerator = () => getKit().templates.map(({ id }) => ({ id }));

export const load: PageServerLoad = ({ params }) => {
	const kit = getKit();
	const template = kit.templates.find((t) => t.id === params.id);
	if (!template) error(404, 'Modèle introuvable');
	return { template, labels: stepLabels(kit) };
};
