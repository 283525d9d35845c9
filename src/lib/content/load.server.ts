// Loads content/ into a validated, cross-checked Kit. Every problem found is reported, in French,
// with the file, the field and what was expected; one bad file fails the build and
// `npm run content:check`. Node only (reads the file system at build time).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import type { z } from 'zod';
import { renderMarkdown } from './markdown.server.ts';
import { fileWritingProblems } from './writing.ts';
import {
	axisSchema,
	clauseThemeSchema,
	criteriaSchema,
	daysSchema,
	formatSchema,
	gridSchema,
	STEP_IDS,
	stepSchema,
	templateSchema,
	useCaseSchema,
	vehicleSchema,
	type Kit,
	type Sourced
} from './schema.ts';
import { typesetAll } from '../shared/french.ts';

export class ContentError extends Error {
	readonly problems: string[];
	constructor(problems: string[]) {
		super(`Contenu du kit invalide (${problems.length} problème${problems.length > 1 ? 's' : ''})\u00a0:\n- ${problems.join('\n- ')}`);
		this.name = 'ContentError';
		this.problems = problems;
	}
}

const ORDERED_FILE = /^(\d\d)-([a-z0-9-]+)\.md$/;

const TYPE_NAMES: Record<string, string> = {
	string: 'un texte',
	number: 'un nombre',
	int: 'un nombre entier',
	boolean: 'vrai ou faux',
	array: 'une liste',
	object: 'un objet (des champs « clé: valeur »)',
	undefined: 'rien',
	null: 'une valeur vide'
};

function describeInput(input: unknown): string {
	if (input === undefined) return 'champ absent';
	if (input === null) return 'valeur vide';
	if (Array.isArray(input)) return 'une liste';
	return TYPE_NAMES[typeof input] ?? typeof input;
}

function fieldPath(path: PropertyKey[]): string {
	return path.reduce<string>(
		(out, key) => (typeof key === 'number' ? `${out}[${key + 1}]` : out ? `${out}.${String(key)}` : String(key)),
		''
	);
}

/** One zod issue, in French. */
export function describeIssue(issue: z.core.$ZodIssue): string {
	const field = fieldPath(issue.path) || '(racine)';
	let what: string;
	switch (issue.code) {
		case 'invalid_type':
			what = `attendu ${TYPE_NAMES[issue.expected] ?? issue.expected}, trouvé ${describeInput(issue.input)}`;
			break;
		case 'too_small':
			what =
				issue.origin === 'array'
					? `au moins ${issue.minimum} élément${Number(issue.minimum) > 1 ? 's' : ''} attendu${Number(issue.minimum) > 1 ? 's' : ''}`
					: issue.origin === 'string'
						? 'texte vide'
						: `valeur minimale ${issue.minimum}`;
			break;
		case 'too_big':
			what = issue.origin === 'string' ? `texte trop long (${issue.maximum} caractères au plus)` : `valeur maximale ${issue.maximum}`;
			break;
		case 'invalid_value':
			what = `valeur attendue parmi\u00a0: ${issue.values.map((v) => `« ${String(v)} »`).join(', ')}`;
			break;
		case 'unrecognized_keys':
			what = `champ${issue.keys.length > 1 ? 's' : ''} inconnu${issue.keys.length > 1 ? 's' : ''}\u00a0: ${issue.keys.join(', ')} (faute de frappe\u00a0?)`;
			break;
		case 'invalid_union':
			what = 'valeur de « kind » attendue parmi « inventory », « grid »';
			break;
		case 'invalid_format':
			what = issue.message && !issue.message.startsWith('Invalid') ? issue.message : 'format invalide';
			break;
		default:
			what = issue.message;
	}
	return `champ « ${field} »\u00a0: ${what}`;
}

interface Parsed<T> {
	data: T;
	file: string;
	body: string;
}

export function loadKit(contentDir: string, root: string = join(contentDir, '..')): Kit {
	const problems: string[] = [];
	const rel = (path: string) => relative(root, path);
	// Ids of files that exist but failed validation: their own problems are reported, so references
	// to them are not reported a second time.
	const failed = new Set<string>();

	function parseFile<S extends z.ZodType>(path: string, schema: S, expectedId?: string): Parsed<z.infer<S>> | undefined {
		const file = rel(path);
		let front: unknown;
		let body: string;
		try {
			const text = readFileSync(path, 'utf8');
			if (!text.startsWith('---')) {
				problems.push(`${file}\u00a0: en-tête YAML absent (le fichier doit commencer par « --- »)`);
				return undefined;
			}
			// Each call gets its own object: gray-matter caches by content otherwise.
			const result = matter(text, { engines: { yaml: (source: string) => YAML.parse(source, { prettyErrors: true }) as object } });
			front = result.data;
			body = result.content;
		} catch (error) {
			const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
			problems.push(`${file}\u00a0: YAML invalide\u00a0: ${message}`);
			return undefined;
		}
		const result = schema.safeParse(front, { reportInput: true });
		if (!result.success) {
			for (const issue of result.error.issues) problems.push(`${file}\u00a0: ${describeIssue(issue)}`);
			return undefined;
		}
		const data = result.data as { id?: unknown };
		if (expectedId !== undefined && data.id !== expectedId) {
			problems.push(
				`${file}\u00a0: champ « id »\u00a0: « ${String(data.id)} » ne correspond pas au nom du fichier (attendu « ${expectedId} »)`
			);
			return undefined;
		}
		for (const problem of fileWritingProblems(result.data, body)) problems.push(`${file}\u00a0: ${problem}`);
		return { data: result.data, file, body };
	}

	/** `fileId` maps the name part of `NN-name.md` to the id the file must declare. */
	function parseCollection<S extends z.ZodType>(
		dir: string,
		schema: S,
		fileId: (name: string) => string = (name) => name
	): (Parsed<z.infer<S>> & { order: number })[] {
		const path = join(contentDir, dir);
		if (!existsSync(path)) {
			problems.push(`${rel(path)}\u00a0: dossier absent`);
			return [];
		}
		const out: (Parsed<z.infer<S>> & { order: number })[] = [];
		for (const name of readdirSync(path).sort()) {
			if (!name.endsWith('.md')) continue;
			const match = ORDERED_FILE.exec(name);
			if (!match) {
				if (!/^[a-z]+\.md$/.test(name) && !name.startsWith('_') && !/^[A-Z]/.test(name)) {
					problems.push(`${rel(join(path, name))}\u00a0: nom de fichier attendu sous la forme « NN-identifiant.md »`);
				}
				continue;
			}
			const parsed = parseFile(join(path, name), schema, fileId(match[2] ?? ''));
			if (parsed) out.push({ ...parsed, order: Number(match[1]) });
			else failed.add(`${dir}:${match[2]}`);
		}
		return out;
	}

	function parseSingle<S extends z.ZodType>(path: string, schema: S): Parsed<z.infer<S>> | undefined {
		const full = join(contentDir, path);
		if (!existsSync(full)) {
			problems.push(`${rel(full)}\u00a0: fichier absent`);
			return undefined;
		}
		return parseFile(full, schema);
	}

	const steps = parseCollection('etapes', stepSchema);
	// A grid file is named after its step: grilles/01-besoins.md declares id « grille-besoins ».
	const grids = parseCollection('grilles', gridSchema, (name) => `grille-${name}`);
	const axes = parseCollection('numerique-responsable', axisSchema);
	const vehicles = parseCollection('portage/vehicules', vehicleSchema);
	const criteria = parseSingle('portage/criteres.md', criteriaSchema);
	const clauseThemes = parseCollection('clauses', clauseThemeSchema);
	const formats = parseCollection('carnet', formatSchema);
	const days = parseSingle('carnet/journees.md', daysSchema);
	const cases = parseCollection('cas-usage', useCaseSchema);
	const templates = parseCollection('modeles', templateSchema);

	// ---- identity: unique ids, within a collection and for nested items ----
	function unique(label: string, entries: { id: string; file: string }[]): void {
		const seen = new Map<string, string>();
		for (const { id, file } of entries) {
			const first = seen.get(id);
			if (first) problems.push(`${file}\u00a0: identifiant « ${id} » en double (${label}, déjà utilisé dans ${first})`);
			else seen.set(id, file);
		}
	}
	const flat = <T extends { file: string }>(items: T[], pick: (item: T) => { id: string }[]) =>
		items.flatMap((item) => pick(item).map(({ id }) => ({ id, file: item.file })));
	unique(
		'étapes',
		steps.map((s) => ({ id: s.data.id, file: s.file }))
	);
	unique('questions', [
		...flat(grids, (g) => g.data.questions),
		...flat(templates, (t) => (t.data.kind === 'grid' ? t.data.sections.flatMap((s) => s.questions) : []))
	]);
	unique(
		'items de la check-list',
		flat(axes, (a) => a.data.items)
	);
	unique(
		'clauses',
		flat(clauseThemes, (t) => t.data.clauses)
	);
	unique('critères', criteria ? criteria.data.criteria.map((c) => ({ id: c.id, file: criteria.file })) : []);
	unique(
		'numéros de format',
		formats.map((f) => ({ id: String(f.data.number), file: f.file }))
	);

	// ---- the spine: exactly the 7 steps, each with one grid ----
	const stepIds = new Set(steps.map((s) => s.data.id));
	for (const id of STEP_IDS) {
		if (!stepIds.has(id) && !failed.has(`etapes:${id}`)) problems.push(`content/etapes\u00a0: l’étape « ${id} » est absente`);
	}
	for (const s of steps) {
		if (!(STEP_IDS as readonly string[]).includes(s.data.id)) {
			problems.push(`${s.file}\u00a0: champ « id »\u00a0: étape inconnue « ${s.data.id} » (attendu parmi ${STEP_IDS.join(', ')})`);
		}
	}
	function checkStep(file: string, field: string, id: string): void {
		// A missing step file is reported once above, not at every reference to it.
		if ((STEP_IDS as readonly string[]).includes(id)) return;
		problems.push(`${file}\u00a0: champ « ${field} »\u00a0: étape inconnue « ${id} » (attendu parmi ${STEP_IDS.join(', ')})`);
	}
	const gridsByStep = new Map<string, string>();
	for (const g of grids) {
		checkStep(g.file, 'step', g.data.step);
		const other = gridsByStep.get(g.data.step);
		if (other) problems.push(`${g.file}\u00a0: l’étape « ${g.data.step} » a déjà une grille (${other})`);
		gridsByStep.set(g.data.step, g.file);
	}
	for (const s of steps) {
		if (!gridsByStep.has(s.data.id) && !failed.has(`grilles:${s.data.id}`))
			problems.push(`${s.file}\u00a0: aucune grille de questions pour cette étape`);
	}
	for (const a of axes) a.data.steps.forEach((id, i) => checkStep(a.file, `steps[${i + 1}]`, id));
	for (const t of clauseThemes) {
		t.data.clauses.forEach((c, ci) => c.steps.forEach((id, i) => checkStep(t.file, `clauses[${ci + 1}].steps[${i + 1}]`, id)));
	}
	for (const f of formats) f.data.steps.forEach((id, i) => checkStep(f.file, `steps[${i + 1}]`, id));
	for (const c of cases) c.data.steps.forEach((id, i) => checkStep(c.file, `steps[${i + 1}]`, id));
	for (const t of templates) t.data.steps.forEach((id, i) => checkStep(t.file, `steps[${i + 1}]`, id));

	// ---- comparator: every vehicle scores every criterion, and only those ----
	if (criteria) {
		const ids = criteria.data.criteria.map((c) => c.id);
		for (const v of vehicles) {
			const missing = ids.filter((id) => !(id in v.data.scores));
			const unknown = Object.keys(v.data.scores).filter((id) => !ids.includes(id));
			if (missing.length)
				problems.push(`${v.file}\u00a0: champ « scores »\u00a0: note manquante pour ${missing.map((m) => `« ${m} »`).join(', ')}`);
			if (unknown.length)
				problems.push(
					`${v.file}\u00a0: champ « scores »\u00a0: critère inconnu ${unknown.map((m) => `« ${m} »`).join(', ')} (voir ${criteria.file})`
				);
		}
	}

	// ---- workshop formats: the timed sequence adds up, groups make sense, days use real formats ----
	for (const f of formats) {
		const total = f.data.sequence.reduce((sum, s) => sum + s.minutes, 0);
		if (total !== f.data.duration) {
			problems.push(`${f.file}\u00a0: champ « duration »\u00a0: ${f.data.duration} min annoncées, mais le déroulé totalise ${total} min`);
		}
		if (f.data.group.min > f.data.group.max)
			problems.push(`${f.file}\u00a0: champ « group »\u00a0: min (${f.data.group.min}) supérieur à max (${f.data.group.max})`);
	}
	if (days) {
		const formatIds = new Set(formats.map((f) => f.data.id));
		days.data.days.forEach((d, di) =>
			d.formats.forEach((id, i) => {
				if (!formatIds.has(id) && !failed.has(`carnet:${id}`))
					problems.push(`${days.file}\u00a0: champ « days[${di + 1}].formats[${i + 1}] »\u00a0: format inconnu « ${id} »`);
			})
		);
	}
	for (const t of templates) {
		if (t.data.kind === 'inventory') {
			t.data.columns.forEach((c, i) => {
				if (c.type === 'choice' && !c.options)
					problems.push(`${t.file}\u00a0: champ « columns[${i + 1}].options »\u00a0: une colonne « choice » a besoin d’options`);
			});
		}
	}

	if (problems.length > 0 || !criteria || !days) throw new ContentError(problems);

	const finish = <T>(p: Parsed<T>): T & Sourced => ({ ...typesetAll(p.data), file: p.file, html: renderMarkdown(p.body) });
	return {
		steps: steps.map((s) => ({ ...finish(s), order: s.order })),
		grids: grids.map(finish),
		axes: axes.map(finish),
		vehicles: vehicles.map(finish),
		criteria: finish(criteria),
		clauseThemes: clauseThemes.map(finish),
		formats: formats.map(finish),
		days: finish(days),
		cases: cases.map(finish),
		templates: templates.map(finish)
	};
}
