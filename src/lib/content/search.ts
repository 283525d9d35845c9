// Full-text search over the kit, offline. The index is built at build time (search-index.server.ts)
// and loaded by the browser with the same options, so both sides tokenise and stem identically.
// Matching is case- and accent-insensitive, with French stemming (Snowball, via Orama's stemmer),
// prefix matching while typing and light fuzziness on longer words.
import { stemmer } from '@orama/stemmers/french';
import { stopwords } from '@orama/stopwords/french';
import type { Options, SearchOptions } from 'minisearch';

export const DELIVERABLES = {
	etape: 'Étapes',
	question: 'Grilles de questions',
	'numerique-responsable': 'Numérique responsable',
	portage: 'Structures de portage',
	clause: 'Clauses',
	format: 'Carnet d’ateliers',
	cas: 'Cas d’usage',
	modele: 'Modèles de fiches'
} as const;
export type Deliverable = keyof typeof DELIVERABLES;

export interface SearchDoc {
	id: string;
	kind: Deliverable;
	title: string;
	/** Short codes and acronyms (A1, SPL): matched exactly and boosted. */
	code: string;
	/** The heading the item sits under (clause theme, checklist axis, step of a question). */
	context?: string;
	text: string;
	url: string;
	excerpt: string;
}

export type StoredFields = Pick<SearchDoc, 'kind' | 'title' | 'url' | 'excerpt'>;

const STOP = new Set(stopwords.map(fold));

/** Lower case, no diacritics, no ligatures: « Œuvre Réversibilité » → « oeuvre reversibilite ». */
export function fold(word: string): string {
	return word
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '');
}

export function tokenize(text: string): string[] {
	return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// Highlighting stems every word of every result shown on each keystroke: the kit's vocabulary is
// small (a few thousand words), so remembering each word's term keeps that off the typing path.
const TERM_CACHE = new Map<string, string | null>();
const TERM_CACHE_MAX = 20_000;

/** The index term for a word, or null for a word not worth indexing. */
export function processTerm(word: string): string | null {
	const cached = TERM_CACHE.get(word);
	if (cached !== undefined) return cached;
	const term = computeTerm(word);
	if (TERM_CACHE.size >= TERM_CACHE_MAX) TERM_CACHE.clear();
	TERM_CACHE.set(word, term);
	return term;
}

function computeTerm(word: string): string | null {
	// Elided articles: « l’usage », « d’ateliers », « qu’il ».
	const folded = fold(word).replace(/^(?:[cdjlmnst]|qu)['’]/, '');
	if (folded.length === 0 || STOP.has(folded)) return null;
	// Stemming on accent-free words keeps « reversibilite » and « réversibilité » on one stem.
	return folded.length > 3 ? stemmer(folded) : folded;
}

export const SEARCH_OPTIONS: Options<SearchDoc> = {
	fields: ['title', 'code', 'context', 'text'],
	storeFields: ['kind', 'title', 'url', 'excerpt'],
	tokenize,
	processTerm
};

export const QUERY_OPTIONS: SearchOptions = {
	boost: { code: 6, title: 3, context: 3 },
	prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 2,
	fuzzy: (term) => (term.length > 5 ? 0.2 : false),
	// At most two typos even in long words: the same hits on the bench queries, and the slowest
	// query (a long word, distance 3) goes from 5.8 to 0.9 ms unthrottled.
	maxFuzzy: 2,
	combineWith: 'AND'
};

export type Hit = StoredFields & { id: string; score: number };
export type GroupedResults = { kind: Deliverable; items: Hit[] }[];

const ORDER = Object.keys(DELIVERABLES) as Deliverable[];

/** Groups ranked hits by deliverable, keeping rank inside a group; groups ordered by their best hit. */
export function groupHits(hits: readonly Hit[]): GroupedResults {
	const groups = new Map<Deliverable, Hit[]>();
	for (const hit of hits) {
		const list = groups.get(hit.kind) ?? [];
		list.push(hit);
		groups.set(hit.kind, list);
	}
	return [...groups.entries()]
		.map(([kind, items]) => ({ kind, items }))
		.sort((a, b) => (b.items[0]?.score ?? 0) - (a.items[0]?.score ?? 0) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

export interface Segment {
	text: string;
	mark: boolean;
}

/** Splits `text` into segments, marking the words that match one of the query's terms. */
export function highlight(text: string, query: string): Segment[] {
	const wanted = tokenize(query)
		.map(processTerm)
		.filter((t): t is string => t !== null);
	if (wanted.length === 0) return [{ text, mark: false }];
	const segments: Segment[] = [];
	for (const part of text.split(/([\p{L}\p{N}’']+)/u)) {
		if (!part) continue;
		const term = /[\p{L}\p{N}]/u.test(part) ? processTerm(part) : null;
		const mark = term !== null && wanted.some((w) => term.startsWith(w) || (w.length > 5 && w.startsWith(term)));
		const last = segments.at(-1);
		if (last && last.mark === mark) last.text += part;
		else segments.push({ text: part, mark });
	}
	return segments;
}
