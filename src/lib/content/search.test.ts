import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { fold, groupHits, highlight, processTerm, QUERY_OPTIONS, SEARCH_OPTIONS, tokenize, type Hit, type SearchDoc } from './search.ts';

describe('term processing', () => {
	it('folds case, accents and ligatures', () => {
		expect(fold('Réversibilité ŒUVRE')).toBe('reversibilite oeuvre');
	});

	it('gives accented and unaccented spellings the same term', () => {
		expect(processTerm('réversibilité')).toBe(processTerm('reversibilite'));
		expect(processTerm('Données')).toBe(processTerm('donnees'));
	});

	it('stems plurals and feminines onto one term', () => {
		expect(processTerm('personnelles')).toBe(processTerm('personnel'));
		expect(processTerm('clauses')).toBe(processTerm('clause'));
	});

	it('drops stop words and elided articles', () => {
		expect(processTerm('les')).toBeNull();
		expect(processTerm('d’usage')).toBe(processTerm('usage'));
		expect(processTerm("l'atelier")).toBe(processTerm('atelier'));
	});

	it('keeps acronyms', () => {
		expect(processTerm('SPL')).toBe('spl');
		expect(processTerm('RGPD')).toBe('rgpd');
	});

	it('splits on punctuation but not inside words', () => {
		expect(tokenize('SPL/SEM : données-clés (art. L1531-1)')).toEqual(['SPL', 'SEM', 'données', 'clés', 'art', 'L1531', '1']);
	});
});

describe('ranking', () => {
	const docs: SearchDoc[] = [
		{
			id: '1',
			kind: 'clause',
			title: 'Réversibilité et sortie du contrat',
			code: 'D1',
			text: 'Restitution des données en fin de contrat.',
			url: '/a',
			excerpt: ''
		},
		{
			id: '2',
			kind: 'portage',
			title: 'Société publique locale',
			code: 'SPL',
			text: 'Capital public, quasi-régie.',
			url: '/b',
			excerpt: ''
		},
		{
			id: '3',
			kind: 'numerique-responsable',
			title: 'Le registre des traitements de données personnelles est tenu',
			code: 'A1',
			text: 'RGPD art. 30',
			url: '/c',
			excerpt: ''
		},
		{
			id: '4',
			kind: 'question',
			title: 'Qui utilise les données ?',
			code: '',
			text: 'Une SPL peut être évoquée ici, comme la réversibilité.',
			url: '/d',
			excerpt: ''
		}
	];
	const index = new MiniSearch<SearchDoc>(SEARCH_OPTIONS);
	index.addAll(docs);
	const first = (q: string) => index.search(q, QUERY_OPTIONS)[0]?.id;

	it.each([
		['réversibilité', '1'],
		['reversibilite', '1'],
		['REVERSIBILITÉ', '1'],
		['SPL', '2'],
		['spl', '2'],
		['données personnelles', '3'],
		['donnees perso', '3'],
		['réversib', '1']
	])('%s finds the expected item first', (query, id) => {
		expect(first(query)).toBe(id);
	});

	it('ranks an item under a matching heading above one that only shares a common word in its title', () => {
		const local = new MiniSearch<SearchDoc>(SEARCH_OPTIONS);
		local.addAll([
			{
				id: 'b1',
				kind: 'clause',
				title: 'Qualité des données',
				code: 'B1',
				context: 'Qualité et formats',
				text: 'Les données personnelles éventuelles sont signalées.',
				url: '/b1',
				excerpt: ''
			},
			{
				id: 'c6',
				kind: 'clause',
				title: 'Anonymisation avant partage',
				code: 'C6',
				context: 'Données personnelles, sécurité et confidentialité',
				text: 'Agréger avant de diffuser.',
				url: '/c6',
				excerpt: ''
			}
		]);
		expect(local.search('données personnelles', QUERY_OPTIONS)[0]?.id).toBe('c6');
	});

	it('survives a round trip through the serialised index', () => {
		const loaded = MiniSearch.loadJSON<SearchDoc>(JSON.stringify(index), SEARCH_OPTIONS);
		expect(loaded.search('reversibilite', QUERY_OPTIONS)[0]?.id).toBe('1');
	});
});

describe('highlight', () => {
	it('marks the words matching the query, whatever their accents or endings', () => {
		expect(highlight('Données personnelles et réversibilité', 'donnees personnel')).toEqual([
			{ text: 'Données', mark: true },
			{ text: ' ', mark: false },
			{ text: 'personnelles', mark: true },
			{ text: ' et réversibilité', mark: false }
		]);
	});

	it('returns the text unmarked for an empty query', () => {
		expect(highlight('Texte', '  ')).toEqual([{ text: 'Texte', mark: false }]);
	});

	it('never produces markup from the text', () => {
		const out = highlight('<img src=x onerror=alert(1)> données', 'données');
		expect(out.map((s) => s.text).join('')).toBe('<img src=x onerror=alert(1)> données');
	});
});

describe('groupHits', () => {
	const hit = (id: string, kind: Hit['kind'], score: number): Hit => ({ id, kind, score, title: id, url: `/${id}`, excerpt: '' });

	it('groups by deliverable, keeps rank inside a group and orders groups by their best hit', () => {
		const groups = groupHits([hit('a', 'clause', 9), hit('b', 'portage', 8), hit('c', 'clause', 7), hit('d', 'portage', 1)]);
		expect(groups.map((g) => g.kind)).toEqual(['clause', 'portage']);
		expect(groups[0]?.items.map((h) => h.id)).toEqual(['a', 'c']);
		expect(groups[1]?.items.map((h) => h.id)).toEqual(['b', 'd']);
	});

	it('returns no group for no hit', () => {
		expect(groupHits([])).toEqual([]);
	});
});
