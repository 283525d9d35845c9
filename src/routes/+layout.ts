// Kit pages are static: prerender them so they work offline from the precache.
// Atelier routes hold per-device data: they render on the device, from the SPA fallback or (the
// atelier page) from one prerendered shell that preloads its code (see ateliers/[id]/+page.ts).
export const prerender = true;
export const trailingSlash = 'never';
