// The kit, loaded once per build process from content/. Pages and endpoints read it in their
// (prerendered) load functions; the browser only ever receives the parts a page shows.
import { resolve } from 'node:path';
import { loadKit } from './load.server.ts';
import type { Kit } from './schema.ts';

let cached: Kit | undefined;

export function getKit(): Kit {
	cached ??= loadKit(resolve('content'), resolve('.'));
	return cached;
}
