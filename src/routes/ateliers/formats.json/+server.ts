import { json } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { agendaFormats } from '$lib/content/agenda-formats';
import type { RequestHandler } from './$types';

// Built once at build time and precached: the agenda can be built offline.
export const prerender = true;

export const GET: RequestHandler = () => json(agendaFormats(getKit()));
