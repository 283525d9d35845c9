// Browser side of the kit search: loads the prerendered index once, answers queries grouped by
// deliverable. The index file is precached by the service worker, so this works offline.
import MiniSearch from 'minisearch';
import { DELIVERABLES, QUERY_OPTIONS, SEARCH_OPTIONS, type Deliverable, type SearchDoc, type StoredFields } from './search.ts';

export type Hit = StoredFields & { id: string; score: number };
export type GroupedResults = { kind: Deliverable; items: Hit[] }[];

const ORDER = Object.keys(DELIVERABLES) as Deliverable[];

export class KitSearch {
	ready = $state(false);
	error = $state<string | null>(null);
	#index: MiniSearch<SearchDoc> | undefined;
	#loading: Promise<void> | undefined;

	load(fetcher: typeof fetch = fetch): Promise<void> {
		this.#loading ??= (async () => {
			try {
				const response = await fetcher('/recherche/index.json');
				if (!response.ok) throw new Error(String(response.status));
				this.#index = MiniSearch.loadJSON<SearchDoc>(await response.text(), SEARCH_OPTIONS);
				this.ready = true;
			} catch {
				this.error = 'L’index de recherche n’a pas pu être chargé. Rechargez la page une fois connecté au serveur de l’atelier.';
				this.#loading = undefined;
			}
		})();
		return this.#loading;
	}

	/** Results for `query`, best first, grouped by deliverable; groups ordered by their best hit. */
	grouped(query: string, limit = 60): GroupedResults {
		if (!this.#index || query.trim() === '') return [];
		const hits = this.#index.search(query, QUERY_OPTIONS).slice(0, limit) as unknown as Hit[];
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
}
