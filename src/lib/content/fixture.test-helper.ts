// Writes a minimal but complete valid kit to a temporary folder, so that tests can break one
// file at a time and check the message.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import { STEP_IDS } from './schema.ts';

export type Files = Record<string, string>;

export function md(front: unknown, body = 'Texte de présentation.'): string {
	return `---\n${YAML.stringify(front)}---\n${body}\n`;
}

const criteria = Array.from({ length: 10 }, (_, i) => ({
	id: `critere-${i + 1}`,
	title: `Critère ${i + 1}`,
	description: 'Ce qu’il mesure.'
}));

export function validFiles(): Files {
	const files: Files = {};
	STEP_IDS.forEach((step, i) => {
		const n = String(i + 1).padStart(2, '0');
		files[`etapes/${n}-${step}.md`] = md({ id: step, title: `Étape ${step}`, short: step, summary: 'Ce que l’étape décide.' });
		files[`grilles/${n}-${step}.md`] = md({
			id: `grille-${step}`,
			step,
			title: `Grille ${step}`,
			questions: Array.from({ length: 10 }, (_, q) => ({ id: `${step}-${q + 1}`, text: `Question ${q + 1} ?`, why: 'Parce que.' })),
			tips: ['Un', 'Deux', 'Trois']
		});
	});
	files['numerique-responsable/01-juridique.md'] = md({
		id: 'juridique',
		code: 'A',
		title: 'Juridique',
		steps: ['cadre-juridique'],
		items: [{ id: 'a1', text: 'Le registre est tenu.', evidence: 'Le registre.', references: ['RGPD, art. 30'] }]
	});
	files['portage/criteres.md'] = md({ id: 'criteres', title: 'Critères', criteria });
	files['portage/vehicules/01-spl.md'] = md({
		id: 'spl',
		title: 'Société publique locale',
		short: 'SPL',
		family: 'public',
		legalBasis: ['CGCT, art. L1531-1'],
		members: 'Collectivités.',
		procurement: 'Quasi-régie.',
		governance: 'Conseil d’administration.',
		dataFit: 'Bonne.',
		creation: 'De l’ordre de six mois.',
		pros: ['a', 'b'],
		cons: ['c', 'd'],
		scores: Object.fromEntries(criteria.map((c) => [c.id, 3])),
		references: []
	});
	files['clauses/01-donnees-propriete.md'] = md({
		id: 'donnees-propriete',
		code: 'A',
		title: 'Données et propriété',
		clauses: [{ id: 'a1', title: 'Propriété', purpose: 'Dire à qui.', points: ['x', 'y'], references: ['CPI'], steps: ['cadre-juridique'] }]
	});
	files['carnet/01-world-cafe.md'] = md({
		id: 'world-cafe',
		number: 1,
		title: 'World café',
		objective: 'Faire émerger des idées.',
		steps: ['besoins'],
		duration: 30,
		group: { min: 6, max: 30 },
		materials: ['Nappes'],
		sequence: [
			{ minutes: 10, instruction: 'Présenter.' },
			{ minutes: 20, instruction: 'Échanger.' }
		],
		tips: ['a', 'b'],
		produces: 'notes'
	});
	files['carnet/journees.md'] = md({
		id: 'journees',
		title: 'Journées types',
		days: [{ id: 'lancement', title: 'Lancement', audience: 'Tous', formats: ['world-cafe'], summary: 'Une journée.' }]
	});
	files['cas-usage/01-toulon.md'] = md({
		id: 'toulon',
		title: 'Stationnement',
		territory: 'Toulon',
		program: 'capacities',
		themes: ['mobilite'],
		stage: 'Étude.',
		data: ['Stationnement'],
		partners: [],
		lessons: ['Une leçon.'],
		steps: ['besoins'],
		references: ['Cerema, 2022']
	});
	files['modeles/01-inventaire.md'] = md({
		id: 'inventaire',
		kind: 'inventory',
		title: 'Inventaire',
		steps: ['patrimoine'],
		columns: [
			{ id: 'jeu', label: 'Jeu de données', type: 'text' },
			{ id: 'diffusion', label: 'Diffusion', type: 'choice', options: ['ouverte', 'interne'] }
		]
	});
	return files;
}

export function writeContent(files: Files): string {
	const root = mkdtempSync(join(tmpdir(), 'atelier-content-'));
	for (const [path, text] of Object.entries(files)) {
		const full = join(root, 'content', path);
		mkdirSync(dirname(full), { recursive: true });
		writeFileSync(full, text);
	}
	return root;
}
