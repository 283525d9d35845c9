// The sheet templates an atelier can use, built from the kit at build time and served as one
// prerendered JSON file (/ateliers/kit.json, with the carnet's formats), precached for offline use.
import type { Kit } from './schema.ts';
import { checklistFromKit, clausesFromKit, comparatorFromKit, gridFromKit, templateFromKit } from './kit-templates.ts';
import type { SheetTemplate } from '../model/templates.ts';

export interface TemplateChoice {
	/** Stable key used in links (« Utiliser en atelier »): `grid:<grid id>`, `template:<id>`, … */
	key: string;
	label: string;
	group: string;
	/** Steps of the kit this template belongs to. */
	steps: string[];
	template: SheetTemplate;
}

export function sheetTemplateChoices(kit: Kit): TemplateChoice[] {
	const stepTitle = new Map(kit.steps.map((s) => [s.id, `${s.order}. ${s.short}`]));
	const choices: TemplateChoice[] = [];
	for (const step of kit.steps) {
		const grid = kit.grids.find((g) => g.step === step.id);
		if (!grid) continue;
		choices.push({
			key: `grid:${grid.id}`,
			label: `${stepTitle.get(step.id)} — ${grid.title}`,
			group: 'Grilles de questions par étape',
			steps: [step.id],
			template: gridFromKit(grid)
		});
	}
	for (const template of kit.templates) {
		choices.push({
			key: `template:${template.id}`,
			label: template.title,
			group: 'Modèles de fiches',
			steps: [...template.steps],
			template: templateFromKit(template)
		});
	}
	choices.push({
		key: 'checklist',
		label: 'Check-list numérique responsable',
		group: 'Outils',
		steps: [...new Set(kit.axes.flatMap((a) => a.steps))],
		template: checklistFromKit(kit.axes)
	});
	choices.push({
		key: 'comparator',
		label: 'Comparateur des structures de portage',
		group: 'Outils',
		steps: ['partenariat'],
		template: comparatorFromKit(kit.criteria, kit.vehicles)
	});
	choices.push({
		key: 'clauses',
		label: 'Panier de clauses contractuelles',
		group: 'Outils',
		steps: ['cadre-juridique'],
		template: clausesFromKit(kit.clauseThemes)
	});
	choices.push({
		key: 'notes',
		label: 'Notes libres',
		group: 'Outils',
		steps: [],
		template: { kind: 'notes', source: 'notes', title: 'Notes' }
	});
	return choices;
}
