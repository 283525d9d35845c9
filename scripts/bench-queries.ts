// 200 varied French queries for the search benchmark: whole words, words without accents, prefixes
// typed halfway, acronyms, article numbers and two- or three-word queries. Deterministic.
const WORDS = [
	'réversibilité',
	'données personnelles',
	'SPL',
	'SEMOP',
	'régie',
	'GIP',
	'SCIC',
	'association',
	'syndicat mixte',
	'concession',
	'marché public',
	'quasi-régie',
	'licence ouverte',
	'ODbL',
	'open data',
	'interopérabilité',
	'API',
	'format',
	'qualité',
	'métadonnées',
	'capteurs',
	'IoT',
	'cybersécurité',
	'ANSSI',
	'RGPD',
	'AIPD',
	'RGAA',
	'accessibilité',
	'RGESN',
	'sobriété',
	'empreinte environnementale',
	'REEN',
	'CRPA',
	'code source',
	'algorithme',
	'transparence',
	'gouvernance',
	'comité',
	'élus',
	'usagers',
	'besoins',
	'patrimoine',
	'inventaire',
	'partenariat',
	'convention',
	'propriété',
	'droits',
	'plateforme',
	'hébergement',
	'SecNumCloud',
	'souveraineté',
	'coûts',
	'bénéfices',
	'évaluation',
	'valeur',
	'mobilité',
	'stationnement',
	'transport',
	'risques',
	'urgence',
	'jumeau numérique',
	'eau',
	'énergie',
	'tourisme',
	'port de plaisance',
	'La Rochelle',
	'Rennes',
	'Dunkerque',
	'Chamonix',
	'Lisieux',
	'Toulon',
	'Caux Seine',
	'Action Cœur de Ville',
	'world café',
	'atelier',
	'carte',
	'persona',
	'vote',
	'priorisation',
	'feuille de route',
	'fin de contrat',
	'restitution'
];

function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{Diacritic}/gu, '');
}

/** 200 distinct queries (a repeated query would not change the results, so could not be timed). */
export function benchQueries(): string[] {
	const out = new Set<string>();
	for (let round = 0; out.size < 200; round++) {
		for (const [i, word] of WORDS.entries()) {
			const candidates = [
				word,
				fold(word) !== word ? fold(word) : word.slice(0, Math.max(3, Math.ceil(word.length * 0.6))),
				`${word} ${WORDS[(i * 7 + 3 + round) % WORDS.length]}`.toLowerCase()
			];
			for (const query of candidates) if (out.size < 200) out.add(query);
		}
		if (round > 10) throw new Error('not enough distinct benchmark queries');
	}
	return [...out];
}
