// Browser side of the kit search: loads the prerendered index once, answers queries grouped by
// deliverable. The index file is precached by the service worker, so this works offline.
import MiniSearch from 'minisearch';
import { QUERY_OPTIONS, SEARCH_OPTIONS, groupHits, type GroupedResults, type Hit, type SearchDoc } from './search.ts';

export type { GroupedResults, Hit };

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

	/**
	 * The `limit` best results for `query`, grouped by deliverable (groups ordered by their best hit),
	 * and how many results there are in all.
	 */
	grouped(query: string, limit: number): { total: number; groups: GroupedResults } {
		if (!this.#index || query.trim() === '') return { total: 0, groups: [] };
		const hits = this.#index.search(query, QUERY_OPTIONS) as unknown as Hit[];
		return { total: hits.length, groups: groupHits(hits.slice(0, limit)) };
	}
}
