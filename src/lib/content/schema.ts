// Schemas of the kit's content files (front matter of content/**/*.md). The build and
// `npm run content:check` validate every file against them; the inferred types are what pages and
// the document model use. Objects are strict: a misspelt field is an error, not silently ignored.
import { z } from 'zod';
import type { SafeHtml } from './safe-html.ts';

export const STEP_IDS = ['besoins', 'patrimoine', 'partenariat', 'cadre-juridique', 'plateforme', 'valeur', 'evaluation'] as const;
export type StepId = (typeof STEP_IDS)[number];

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'identifiant en minuscules et tirets (ex. « mon-id »)' });
const text = z.string().trim().min(1);
const texts = (min = 0) => z.array(text).min(min);
const stepRef = z.string().min(1); // checked against the step files, with a clear message
const steps = z.array(stepRef).min(1);
const references = z.array(text);
const toVerify = z.array(text).optional();

export const stepSchema = z.strictObject({
	id,
	title: text,
	short: text.max(40),
	summary: text.max(200)
});

export const questionSchema = z.strictObject({
	id,
	text,
	why: text,
	references: references.optional(),
	toVerify
});

export const gridSchema = z.strictObject({
	id,
	step: stepRef,
	title: text,
	questions: z.array(questionSchema).min(10),
	tips: texts(3)
});

export const checklistItemSchema = z.strictObject({
	id,
	text,
	evidence: text,
	references: references.min(1),
	toVerify
});

export const axisSchema = z.strictObject({
	id,
	code: z.string().regex(/^[A-Z]$/, { message: 'une lettre majuscule' }),
	title: text,
	steps,
	items: z.array(checklistItemSchema).min(1)
});

export const VEHICLE_FAMILIES = ['regie', 'public', 'mixte', 'cooperatif', 'associatif', 'contrat'] as const;

export const vehicleSchema = z.strictObject({
	id,
	title: text,
	// Column headers of the portage table and the comparator: « Marché de partenariat » is the longest (21).
	short: text.max(24),
	family: z.enum(VEHICLE_FAMILIES),
	legalBasis: references.min(1),
	members: text,
	procurement: text,
	governance: text,
	dataFit: text,
	creation: text,
	pros: texts(2),
	cons: texts(2),
	scores: z.record(z.string(), z.number().int().min(0).max(5)),
	references,
	toVerify
});

export const criterionSchema = z.strictObject({ id, title: text, description: text });

export const criteriaSchema = z.strictObject({
	id: z.literal('criteres'),
	title: text,
	criteria: z.array(criterionSchema).min(10)
});

export const clauseSchema = z.strictObject({
	id,
	title: text,
	purpose: text,
	points: texts(2),
	references: references.min(1),
	vigilance: text.optional(),
	contracts: texts().optional(),
	steps,
	toVerify
});

export const clauseThemeSchema = z.strictObject({
	id,
	code: z.string().regex(/^[A-Z]$/, { message: 'une lettre majuscule' }),
	title: text,
	clauses: z.array(clauseSchema).min(1)
});

export const WORKSHEET_TYPES = ['grid', 'checklist', 'comparator', 'clauses', 'inventory', 'notes'] as const;
export type WorksheetType = (typeof WORKSHEET_TYPES)[number];

export const formatSchema = z.strictObject({
	id,
	number: z.number().int().min(1),
	title: text,
	objective: text,
	steps,
	duration: z.number().int().min(1),
	group: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
	materials: texts(),
	sequence: z.array(z.strictObject({ minutes: z.number().int().min(1), instruction: text })).min(1),
	tips: texts(2),
	produces: z.enum(WORKSHEET_TYPES),
	toVerify
});

export const daysSchema = z.strictObject({
	id: z.literal('journees'),
	title: text,
	days: z
		.array(
			z.strictObject({
				id,
				title: text,
				audience: text,
				formats: z.array(id).min(1),
				summary: text
			})
		)
		.min(1)
});

export const CASE_PROGRAMS = ['capacities', 'acv-data', 'autre'] as const;
export const CASE_THEMES = ['mobilite', 'environnement', 'risques', 'energie', 'eau', 'tourisme', 'urbanisme', 'gouvernance'] as const;

export const useCaseSchema = z.strictObject({
	id,
	title: text,
	territory: text,
	program: z.enum(CASE_PROGRAMS),
	themes: z.array(z.enum(CASE_THEMES)).min(1),
	stage: text,
	data: texts(1),
	partners: texts(),
	lessons: texts(1),
	leads: texts().optional(),
	steps,
	references: references.min(1),
	toVerify
});

export const inventoryColumnSchema = z.strictObject({
	id,
	label: text,
	type: z.enum(['text', 'choice', 'boolean']),
	options: texts(2).optional()
});

export const inventoryTemplateSchema = z.strictObject({
	id,
	kind: z.literal('inventory'),
	title: text,
	steps,
	columns: z.array(inventoryColumnSchema).min(2)
});

export const sectionedGridTemplateSchema = z.strictObject({
	id,
	kind: z.literal('grid'),
	title: text,
	steps,
	sections: z.array(z.strictObject({ id, title: text, questions: z.array(questionSchema).min(1) })).min(1),
	tips: texts()
});

export const templateSchema = z.discriminatedUnion('kind', [inventoryTemplateSchema, sectionedGridTemplateSchema]);

export type StepFront = z.infer<typeof stepSchema>;
export type Question = z.infer<typeof questionSchema>;
export type GridFront = z.infer<typeof gridSchema>;
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type AxisFront = z.infer<typeof axisSchema>;
export type VehicleFront = z.infer<typeof vehicleSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type CriteriaFront = z.infer<typeof criteriaSchema>;
export type Clause = z.infer<typeof clauseSchema>;
export type ClauseThemeFront = z.infer<typeof clauseThemeSchema>;
export type FormatFront = z.infer<typeof formatSchema>;
export type DaysFront = z.infer<typeof daysSchema>;
export type UseCaseFront = z.infer<typeof useCaseSchema>;
export type InventoryColumn = z.infer<typeof inventoryColumnSchema>;
export type TemplateFront = z.infer<typeof templateSchema>;

/** Every item carries where it came from and its rendered body. */
export interface Sourced {
	/** Path relative to the repository, for error messages and "edit this page" links. */
	file: string;
	/** Sanitised HTML of the Markdown body. */
	html: SafeHtml;
}

export type Step = StepFront & Sourced & { order: number };
export type Grid = GridFront & Sourced;
export type Axis = AxisFront & Sourced;
export type Vehicle = VehicleFront & Sourced;
export type Criteria = CriteriaFront & Sourced;
export type ClauseTheme = ClauseThemeFront & Sourced;
export type Format = FormatFront & Sourced;
export type Days = DaysFront & Sourced;
export type UseCase = UseCaseFront & Sourced;
export type Template = TemplateFront & Sourced;

/** The whole kit, validated and cross-checked. */
export interface Kit {
	steps: Step[];
	grids: Grid[];
	axes: Axis[];
	vehicles: Vehicle[];
	criteria: Criteria;
	clauseThemes: ClauseTheme[];
	formats: Format[];
	days: Days;
	cases: UseCase[];
	templates: Template[];
}
