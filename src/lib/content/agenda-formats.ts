// The carnet's formats and suggested days, as the agenda builder needs them: built from the kit at
// build time and served as one prerendered JSON file (/ateliers/kit.json, with the sheet templates), precached for offline use.
import type { Kit, WorksheetType } from './schema.ts';
import { sheetTemplateChoices, type TemplateChoice } from './sheet-templates.ts';

export interface AgendaFormat {
	id: string;
	number: number;
	title: string;
	objective: string;
	durationMin: number;
	/** The kind of sheet the format fills, so a step can be linked to a matching sheet. */
	produces: WorksheetType;
	/** The key of the kit template of that sheet (see sheet-templates.ts): the grid of the format's first step that has one. */
	template: string;
}

export interface AgendaDay {
	id: string;
	title: string;
	formats: string[];
}

export interface AgendaFormats {
	formats: AgendaFormat[];
	days: AgendaDay[];
}

/** The template a format fills: of its kind, from the first of its steps that has one, else the first of its kind. */
export function formatTemplate(format: { produces: WorksheetType; steps: readonly string[] }, choices: readonly TemplateChoice[]): string {
	const ofKind = choices.filter((c) => c.template.kind === format.produces);
	for (const step of format.steps) {
		const found = ofKind.find((c) => c.steps.includes(step));
		if (found) return found.key;
	}
	return ofKind[0]?.key ?? '';
}

export function agendaFormats(kit: Kit): AgendaFormats {
	const choices = sheetTemplateChoices(kit);
	return {
		formats: kit.formats
			.map((f) => ({
				id: f.id,
				number: f.number,
				title: f.title,
				objective: f.objective,
				durationMin: f.duration,
				produces: f.produces,
				template: formatTemplate(f, choices)
			}))
			.sort((a, b) => a.number - b.number),
		days: kit.days.days.map((d) => ({ id: d.id, title: d.title, formats: [...d.formats] }))
	};
}
