// What a sheet keeps of the kit template it was created from. A sheet stores its own copy, so an
// atelier reads the same next year even if the kit's wording changes in between.

export interface GridTemplate {
	kind: 'grid';
	/** Kit id of the template (e.g. « grille-besoins »). */
	source: string;
	title: string;
	questions: { id: string; text: string; why?: string; section?: string }[];
}

export interface ChecklistTemplate {
	kind: 'checklist';
	source: string;
	title: string;
	axes: { id: string; code: string; title: string; items: ChecklistTemplateItem[] }[];
}

/** A point of the checklist. Code, expected proof and caveats were added later: older sheets lack them. */
export interface ChecklistTemplateItem {
	id: string;
	text: string;
	/** « A1 » */
	code?: string;
	/** What shows the point is met (« Preuve attendue »). */
	evidence?: string;
	/** What the kit marks « À vérifier » about this point. */
	toVerify?: string[];
	/** The texts the point rests on (laws, décrets, référentiels), for reports. */
	references?: string[];
}

export interface ComparatorTemplate {
	kind: 'comparator';
	source: string;
	title: string;
	criteria: { id: string; title: string }[];
	/** The vehicles compared, with the kit's default score (0–5) for each criterion. */
	/** `toVerify`: what the kit marks « À vérifier » about the structure (older sheets lack it). */
	vehicles: { id: string; title: string; short: string; defaults: Record<string, number>; toVerify?: string[]; legalBasis?: string[] }[];
}

export interface ClausesTemplate {
	kind: 'clauses';
	source: string;
	title: string;
	/** The library the basket picks from, with what a report's annex shows of each clause. */
	clauses: { id: string; theme: string; title: string; purpose?: string; points?: string[]; references?: string[]; toVerify?: string[] }[];
}

export interface InventoryTemplate {
	kind: 'inventory';
	source: string;
	title: string;
	columns: { id: string; label: string; type: 'text' | 'choice' | 'boolean'; options?: string[] }[];
}

export interface NotesTemplate {
	kind: 'notes';
	source: string;
	title: string;
	/** Optional prompt shown above the text (e.g. the format's objective). */
	prompt?: string;
}

export type SheetTemplate = GridTemplate | ChecklistTemplate | ComparatorTemplate | ClausesTemplate | InventoryTemplate | NotesTemplate;
export type SheetType = SheetTemplate['kind'];
export const SHEET_TYPES: readonly SheetType[] = ['grid', 'checklist', 'comparator', 'clauses', 'inventory', 'notes'];
