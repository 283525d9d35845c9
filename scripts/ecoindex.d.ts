// The collective's ecoindex_js ships no types: the two functions the bench uses.
declare module 'ecoindex' {
	/** ecoindex.fr's formula over its quantiles: DOM elements, requests, transferred size in KB. */
	export function computeEcoIndex(dom: number, requests: number, sizeKb: number): number;
	/** « A » to « G » (A above 80), or false outside 0–100. */
	export function getEcoIndexGrade(ecoIndex: number): string | false;
}
