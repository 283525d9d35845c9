// Sheet templates from the kit's content: the content side converts, the model only receives templates.
import type { Axis, ClauseTheme, Criteria, Grid, Template, Vehicle } from './schema.ts';
import type { ChecklistTemplate, ClausesTemplate, ComparatorTemplate, GridTemplate, InventoryTemplate } from '../model/templates.ts';

export function gridFromKit(grid: Pick<Grid, 'id' | 'title' | 'questions'>): GridTemplate {
	return {
		kind: 'grid',
		source: grid.id,
		title: grid.title,
		questions: grid.questions.map((q) => ({ id: q.id, text: q.text, why: q.why }))
	};
}

export function checklistFromKit(
	axes: readonly Pick<Axis, 'id' | 'code' | 'title' | 'items'>[],
	title = 'Check-list numérique responsable'
): ChecklistTemplate {
	return {
		kind: 'checklist',
		source: 'numerique-responsable',
		title,
		axes: axes.map((a) => ({
			id: a.id,
			code: a.code,
			title: a.title,
			items: a.items.map((i) => ({
				id: i.id,
				code: i.id.toUpperCase(),
				text: i.text,
				evidence: i.evidence,
				...(i.toVerify?.length ? { toVerify: [...i.toVerify] } : {}),
				...(i.references?.length ? { references: [...i.references] } : {})
			}))
		}))
	};
}

export function comparatorFromKit(
	criteria: Pick<Criteria, 'criteria'>,
	vehicles: readonly Pick<Vehicle, 'id' | 'title' | 'short' | 'scores' | 'toVerify' | 'legalBasis'>[],
	title = 'Comparateur des structures de portage'
): ComparatorTemplate {
	return {
		kind: 'comparator',
		source: 'portage',
		title,
		criteria: criteria.criteria.map((c) => ({ id: c.id, title: c.title })),
		vehicles: vehicles.map((v) => ({
			id: v.id,
			title: v.title,
			short: v.short,
			defaults: { ...v.scores },
			...(v.toVerify?.length ? { toVerify: [...v.toVerify] } : {}),
			...(v.legalBasis?.length ? { legalBasis: [...v.legalBasis] } : {})
		}))
	};
}

export function clausesFromKit(
	themes: readonly Pick<ClauseTheme, 'code' | 'title' | 'clauses'>[],
	title = 'Panier de clauses'
): ClausesTemplate {
	return {
		kind: 'clauses',
		source: 'clauses',
		title,
		clauses: themes.flatMap((t) =>
			t.clauses.map((c) => ({
				id: c.id,
				theme: t.title,
				title: c.title,
				purpose: c.purpose,
				points: [...c.points],
				references: [...c.references],
				...(c.toVerify?.length ? { toVerify: [...c.toVerify] } : {})
			}))
		)
	};
}

/** A kit template (inventory, or a sectioned grid such as the data-commons sheet). */
export function templateFromKit(template: Template): GridTemplate | InventoryTemplate {
	if (template.kind === 'inventory') {
		return {
			kind: 'inventory',
			source: template.id,
			title: template.title,
			columns: template.columns.map((c) => ({ id: c.id, label: c.label, type: c.type, ...(c.options ? { options: [...c.options] } : {}) }))
		};
	}
	return {
		kind: 'grid',
		source: template.id,
		title: template.title,
		questions: template.sections.flatMap((s) => s.questions.map((q) => ({ id: q.id, text: q.text, why: q.why, section: s.title })))
	};
}
