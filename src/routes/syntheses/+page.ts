// Syntheses live in this browser (IndexedDB): the page is prerendered as an empty shell and rendered
// on the device, where the address (?id=) says which synthesis is open.
export const prerender = true;
export const ssr = false;
