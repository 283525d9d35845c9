import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const kit = getKit();
	return {
		formats: kit.formats.map(({ id, number, title, objective, steps, duration, group, produces }) => ({
			id,
			number,
			title,
			objective,
			steps,
			duration,
			group,
			produces
		})),
		days: kit.days,
		labels: stepLabels(kit)
	};
};
