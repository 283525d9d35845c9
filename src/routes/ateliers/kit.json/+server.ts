import { json } from '@sveltejs/kit';
import { getKit } from '$lib/content/kit.server';
import { agendaFormats } from '$lib/content/agenda-formats';
import { sheetTemplateChoices } from '$lib/content/sheet-templates';
import type { RequestHandler } from './$types';

// What an atelier takes from the kit: the sheet templates and the carnet's formats, in one file (one
// request), built once at build time and precached: sheets and the agenda can be made offline.
export const prerender = true;

export const GET: RequestHandler = () => json({ choices: sheetTemplateChoices(getKit()), formats: agendaFormats(getKit()) });
