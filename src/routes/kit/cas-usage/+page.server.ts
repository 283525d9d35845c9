import { getKit } from '$lib/content/kit.server';
import { stepLabels } from '$lib/content/relations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const kit = getKit();
	return {
		cases: kit.cases.map(({ id, title, territory, program, themes, steps, stage }) => ({
			id,
			title,
			territory,
			program,
			themes,
			steps,
			stage
		})),
		labels: stepLabels(kit)
	};
};
