// The carnet's formats and suggested days, as the agenda builder needs them: built from the kit at
// build time and served as one prerendered JSON file (/ateliers/formats.json), precached for offline use.
import type { Kit, WorksheetType } from './schema.ts';

export interface AgendaFormat {
	id: string;
	number: number;
	title: string;
	objective: string;
	durationMin: number;
	/** The kind of sheet the format fills, so a step can be linked to a matching sheet. */
	produces: WorksheetType;
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

export function agendaFormats(kit: Kit): AgendaFormats {
	return {
		formats: kit.formats
			.map((f) => ({ id: f.id, number: f.number, title: f.title, objective: f.objective, durationMin: f.duration, produces: f.produces }))
			.sort((a, b) => a.number - b.number),
		days: kit.days.days.map((d) => ({ id: d.id, title: d.title, formats: [...d.formats] }))
	};
}
