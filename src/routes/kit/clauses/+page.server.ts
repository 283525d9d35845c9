import { getKit } from '$lib/content/kit.server';
import { allClauses, stepLabels } from '$lib/content/relations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const kit = getKit();
	return {
		themes: kit.clauseThemes.map(({ id, code, title, html }) => ({ id, code, title, html })),
		clauses: allClauses(kit).map(({ id, title, purpose, steps, theme }) => ({ id, title, purpose, steps, theme: theme.id })),
		labels: stepLabels(kit)
	};
};
