// Kit pages are static: prerender them so they work offline from the precache.
// Atelier routes opt out (they hold per-device data and are served by the SPA fallback).
export const prerender = true;
export const trailingSlash = 'never';
