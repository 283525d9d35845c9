// An atelier lives in this browser (IndexedDB) and in the room: the page is rendered on the device
// from the SPA shell, never prerendered.
export const prerender = false;
export const ssr = false;
