// `npm run content:check`: validates every content file and prints what the kit holds.
import { resolve } from 'node:path';
import { ContentError, loadKit } from '../src/lib/content/load.server.ts';
import { kitCounts } from '../src/lib/content/counts.ts';

try {
	const kit = loadKit(resolve('content'), resolve('.'));
	console.log('Contenu du kit valide\u00a0:');
	for (const [label, value] of Object.entries(kitCounts(kit))) console.log(`  ${label.padEnd(38)} ${value}`);
} catch (error) {
	if (error instanceof ContentError) {
		console.error(error.message);
		process.exit(1);
	}
	throw error;
}
