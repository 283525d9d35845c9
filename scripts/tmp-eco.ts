import { createAtelierServer } from '../src/server/server.ts';
import { launchBrowser } from './chromium.ts';
import { fullDay } from './bench-peers.ts';
import { getKit } from '../src/lib/content/kit.server.ts';
import { ecoIndexes, lighthouseAtelier, realisticAtelier } from './bench-ecoindex.ts';
import { resolve } from 'node:path';
const server = createAtelierServer({ root: resolve('build'), port: 0, host: '127.0.0.1' });
const port = await server.listen();
const kit = getKit();
const atelier = realisticAtelier(fullDay(kit).update, kit);
const browser = await launchBrowser();
try {
	if (!process.argv.includes('--lh'))
		for (const e of await ecoIndexes(browser, `http://127.0.0.1:${port}`, atelier)) console.log(JSON.stringify(e));
	if (!process.argv.includes('--eco')) console.log(JSON.stringify(await lighthouseAtelier(`http://127.0.0.1:${port}`, atelier.update)));
} finally {
	await browser.close();
	await server.close();
}
