// Carnet formats into the agenda, with their sheets: each step opens the sheet made from its format's
// kit template, created when the atelier has none yet (a free-notes format gets notes of its own). Used
// by the agenda builder and by « Utiliser en atelier » on a format's page.
import type { AgendaFormat } from '$lib/content/agenda-formats';
import type { TemplateChoice } from '$lib/content/sheet-templates';
import type { SheetTemplate } from '$lib/model/templates';
import type { SheetSummary } from '$lib/model/atelier';
import type { NewAgendaStep } from './facilitation.ts';

/** What planning needs of the session. */
export interface AgendaPlanner {
	readonly sheets: readonly SheetSummary[];
	addSheet(template: SheetTemplate): string | null;
	readonly facilitation: { addAgendaSteps(steps: readonly NewAgendaStep[]): boolean };
}

/** The template a format's sheet is made from, or null when the list does not have it (a stale cache). */
export function formatSheetTemplate(format: AgendaFormat, choices: readonly TemplateChoice[]): SheetTemplate | null {
	const choice = choices.find((c) => c.key === format.template);
	if (!choice) return null;
	return choice.template.kind === 'notes' ? { ...choice.template, source: `format:${format.id}`, title: format.title } : choice.template;
}

/**
 * Adds the formats as agenda steps, in order, each linked to its sheet (an existing one made from the
 * same template, else one created now; never two for one template). Returns the sheet of the first
 * step, or null when nothing was added (a refusal is on the session).
 */
export function addFormatsToAgenda(
	planner: AgendaPlanner,
	formats: readonly AgendaFormat[],
	choices: readonly TemplateChoice[]
): { firstSheet: string | null } | null {
	const made = new Map<string, string>();
	const steps: NewAgendaStep[] = [];
	for (const format of formats) {
		const template = formatSheetTemplate(format, choices);
		let sheetId: string | undefined;
		if (template) {
			sheetId = made.get(template.source) ?? planner.sheets.find((s) => s.source === template.source)?.id;
			if (!sheetId) {
				sheetId = planner.addSheet(template) ?? undefined;
				if (sheetId) made.set(template.source, sheetId);
			}
		}
		steps.push({
			title: `${format.number}. ${format.title}`,
			durationMin: format.durationMin,
			formatId: format.id,
			...(sheetId ? { sheetId } : {})
		});
	}
	if (steps.length === 0 || !planner.facilitation.addAgendaSteps(steps)) return null;
	return { firstSheet: steps[0]?.sheetId ?? null };
}
