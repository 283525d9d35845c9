import { json } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { sheetTemplateChoices } from '$lib/content/sheet-templates';
import type { RequestHandler } from './$types';

// Built once at build time and precached: sheets can be added to an atelier offline.
export const prerender = true;

export const GET: RequestHandler = () => json(sheetTemplateChoices(getKit()));
