import { json } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { buildSearchIndex } from '$lib/content/search-index.server';
import type { RequestHandler } from './$types';

// Built once at build time and precached: search works offline.
export const prerender = true;

export const GET: RequestHandler = () => json(buildSearchIndex(getKit()).toJSON());
