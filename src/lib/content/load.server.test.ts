import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { md, validFiles, writeContent, type Files } from './fixture.test-helper.ts';
import { ContentError, loadKit } from './load.server.ts';

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function load(files: Files) {
	const root = writeContent(files);
	roots.push(root);
	return loadKit(join(root, 'content'), root);
}

function problems(files: Files): string[] {
	try {
		load(files);
	} catch (error) {
		if (error instanceof ContentError) return error.problems;
		throw error;
	}
	throw new Error('expected the content to be rejected');
}

/** Rewrites one file's front matter. */
function edit(files: Files, path: string, change: (front: Record<string, unknown>) => void): Files {
	const text = files[path];
	if (!text) throw new Error(`no fixture file ${path}`);
	const match = /^---\n([\s\S]*?)---\n([\s\S]*)$/.exec(text);
	const front = YAML.parse(match?.[1] ?? '') as Record<string, unknown>;
	change(front);
	return { ...files, [path]: md(front, match?.[2]?.trim()) };
}

const N = '\u00a0';

describe('loadKit', () => {
	it('loads a valid kit, in file order, with rendered and typeset text', () => {
		const kit = load(validFiles());
		expect(kit.steps.map((s) => s.id)).toEqual([
			'besoins',
			'patrimoine',
			'partenariat',
			'cadre-juridique',
			'plateforme',
			'valeur',
			'evaluation'
		]);
		expect(kit.steps[0]?.order).toBe(1);
		expect(kit.grids[0]?.questions[0]?.text).toBe(`Question 1${N}?`);
		expect(kit.steps[0]?.html).toBe('<p>Texte de présentation.</p>\n');
		expect(kit.steps[0]?.file).toBe('content/etapes/01-besoins.md');
	});

	it('reports a missing field with file and field, in French', () => {
		const files = edit(validFiles(), 'clauses/01-donnees-propriete.md', (f) => {
			delete (f.clauses as Record<string, unknown>[])[0]?.purpose;
		});
		expect(problems(files)).toEqual([
			'content/clauses/01-donnees-propriete.md : champ « clauses[1].purpose » : attendu un texte, trouvé champ absent'.replaceAll(
				' :',
				`${N}:`
			)
		]);
	});

	it('reports a wrong type', () => {
		const files = edit(validFiles(), 'carnet/01-world-cafe.md', (f) => {
			f.duration = 'une heure';
		});
		expect(problems(files)).toEqual([`content/carnet/01-world-cafe.md${N}: champ « duration »${N}: attendu un nombre, trouvé un texte`]);
	});

	it('reports a misspelt field as unknown', () => {
		const files = edit(validFiles(), 'etapes/01-besoins.md', (f) => {
			f.summmary = f.summary;
			delete f.summary;
		});
		const found = problems(files);
		expect(found).toContain(`content/etapes/01-besoins.md${N}: champ « summary »${N}: attendu un texte, trouvé champ absent`);
		expect(found).toContain(`content/etapes/01-besoins.md${N}: champ « (racine) »${N}: champ inconnu${N}: summmary (faute de frappe${N}?)`);
	});

	it('reports a value outside its list', () => {
		const files = edit(validFiles(), 'carnet/01-world-cafe.md', (f) => {
			f.produces = 'poster';
		});
		expect(problems(files)).toEqual([
			`content/carnet/01-world-cafe.md${N}: champ « produces »${N}: valeur attendue parmi${N}: « grid », « checklist », « comparator », « clauses », « inventory », « notes »`
		]);
	});

	it('reports a straight apostrophe and a numbered RGESN priority, in a field and in the body', () => {
		let files = edit(validFiles(), 'cas-usage/01-toulon.md', (f) => {
			(f.references as string[]).push("Code de l'environnement, art. L127-1");
		});
		files = edit(files, 'clauses/01-donnees-propriete.md', (f) => {
			(f.clauses as { points: string[] }[])[0]!.points.push('Critères du RGESN de priorité 1');
		});
		files['etapes/01-besoins.md'] = files['etapes/01-besoins.md']!.replace(
			'Texte de présentation.',
			"Texte d'introduction ; `l'exemple` en code reste libre."
		);
		expect(problems(files)).toEqual([
			`content/etapes/01-besoins.md${N}: corps du texte${N}: apostrophe droite dans « d'introduction » (écrire l’apostrophe typographique ’)`,
			`content/clauses/01-donnees-propriete.md${N}: champ « clauses[1].points[3] »${N}: « priorité 1 »${N}: le RGESN 2024 classe ses critères « prioritaire », « recommandé » ou « modéré » (écrire par exemple « au minimum les critères prioritaires »)`,
			`content/cas-usage/01-toulon.md${N}: champ « references[2] »${N}: apostrophe droite dans « l'environnement » (écrire l’apostrophe typographique ’)`
		]);
	});

	it('reports an unknown step reference', () => {
		const files = edit(validFiles(), 'cas-usage/01-toulon.md', (f) => {
			f.steps = ['besoins', 'reves'];
		});
		expect(problems(files)).toEqual([
			`content/cas-usage/01-toulon.md${N}: champ « steps[2] »${N}: étape inconnue « reves » (attendu parmi besoins, patrimoine, partenariat, cadre-juridique, plateforme, valeur, evaluation)`
		]);
	});

	it('reports an unknown format in a typical day', () => {
		const files = edit(validFiles(), 'carnet/journees.md', (f) => {
			(f.days as { formats: string[] }[])[0]!.formats.push('fantome');
		});
		expect(problems(files)).toEqual([`content/carnet/journees.md${N}: champ « days[1].formats[2] »${N}: format inconnu « fantome »`]);
	});

	it('reports duplicate ids across files of a collection', () => {
		const files = validFiles();
		files['clauses/02-qualite-formats.md'] = md({
			id: 'qualite-formats',
			code: 'B',
			title: 'Qualité',
			clauses: [{ id: 'a1', title: 'Doublon', purpose: 'x', points: ['x', 'y'], references: ['x'], steps: ['plateforme'] }]
		});
		expect(problems(files)).toEqual([
			`content/clauses/02-qualite-formats.md${N}: identifiant « a1 » en double (clauses, déjà utilisé dans content/clauses/01-donnees-propriete.md)`
		]);
	});

	it('reports an id that does not match the file name', () => {
		const files = edit(validFiles(), 'cas-usage/01-toulon.md', (f) => {
			f.id = 'toulon-bis';
		});
		expect(problems(files)[0]).toContain('ne correspond pas au nom du fichier (attendu « toulon »)');
	});

	it('reports malformed YAML with its line', () => {
		const files = { ...validFiles(), 'cas-usage/01-toulon.md': '---\nid: toulon\ntitle: "non fermé\nterritory: x\n---\nCorps\n' };
		const [problem] = problems(files);
		expect(problem).toMatch(new RegExp(`^content/cas-usage/01-toulon.md${N}: YAML invalide${N}: .*line`));
	});

	it('reports a file without front matter', () => {
		const files = { ...validFiles(), 'cas-usage/01-toulon.md': '# Juste du Markdown\n' };
		expect(problems(files)).toEqual([`content/cas-usage/01-toulon.md${N}: en-tête YAML absent (le fichier doit commencer par « --- »)`]);
	});

	it('reports a missing step once (not at every reference), a step without grid and a missing singleton file', () => {
		const files = validFiles();
		delete files['etapes/07-evaluation.md'];
		delete files['grilles/06-valeur.md'];
		delete files['portage/criteres.md'];
		expect(problems(files)).toEqual([
			`content/portage/criteres.md${N}: fichier absent`,
			`content/etapes${N}: l’étape « evaluation » est absente`,
			`content/etapes/06-valeur.md${N}: aucune grille de questions pour cette étape`
		]);
	});

	it('reports missing or unknown comparator scores', () => {
		const files = edit(validFiles(), 'portage/vehicules/01-spl.md', (f) => {
			const scores = f.scores as Record<string, number>;
			delete scores['critere-1'];
			scores['critere-inconnu'] = 2;
		});
		expect(problems(files)).toEqual([
			`content/portage/vehicules/01-spl.md${N}: champ « scores »${N}: note manquante pour « critere-1 »`,
			`content/portage/vehicules/01-spl.md${N}: champ « scores »${N}: critère inconnu « critere-inconnu » (voir content/portage/criteres.md)`
		]);
	});

	it('reports a timed sequence that does not add up to the duration', () => {
		const files = edit(validFiles(), 'carnet/01-world-cafe.md', (f) => {
			f.duration = 45;
		});
		expect(problems(files)).toEqual([
			`content/carnet/01-world-cafe.md${N}: champ « duration »${N}: 45 min annoncées, mais le déroulé totalise 30 min`
		]);
	});

	it('reports too few questions in a grid', () => {
		const files = edit(validFiles(), 'grilles/01-besoins.md', (f) => {
			(f.questions as unknown[]).splice(3);
		});
		expect(problems(files)).toEqual([`content/grilles/01-besoins.md${N}: champ « questions »${N}: au moins 10 éléments attendus`]);
	});

	it('reports a badly named file', () => {
		const files = { ...validFiles(), 'cas-usage/toulon-2.md': md({ id: 'x' }) };
		expect(problems(files)).toEqual([`content/cas-usage/toulon-2.md${N}: nom de fichier attendu sous la forme « NN-identifiant.md »`]);
	});

	it('collects every problem of a run instead of stopping at the first', () => {
		let files = edit(validFiles(), 'carnet/01-world-cafe.md', (f) => {
			f.produces = 'poster';
		});
		files = edit(files, 'cas-usage/01-toulon.md', (f) => {
			f.program = 'inconnu';
		});
		expect(problems(files)).toHaveLength(2);
	});
});
