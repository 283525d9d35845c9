// An atelier lives in this browser (IndexedDB) and in the room: the page is rendered on the device,
// never on a server. One shell is prerendered under a name no atelier has (`coquille`): the SPA shell
// with this page's modules preloaded, which the atelier server sends for every /ateliers/<id>
// (src/server/static.ts). Every other id is rendered from the address, as from the SPA fallback.
export const prerender = true;
export const ssr = false;
export const entries = () => [{ id: 'coquille' }];
