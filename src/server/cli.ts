// `npm start`: builds the app if needed, starts the atelier server and prints where to reach it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { serverUrls } from './network.ts';
import { createAtelierServer } from './server.ts';
import { SPA_FALLBACK } from './static.ts';

const USAGE = `Usage : npm start -- [--port 8787] [--host 0.0.0.0] [--root build] [--rebuild]
  --port     port d'écoute (ou variable ATELIER_PORT / PORT), 8787 par défaut
  --host     adresse d'écoute (ou ATELIER_HOST / HOST), 0.0.0.0 par défaut (tout le réseau local)
  --root     dossier de l'application construite, build par défaut
  --data     fichier SQLite où le relais garde les ateliers (ou ATELIER_DATA), data/relais.sqlite par défaut
  --rebuild  reconstruire l'application avant de démarrer`;

function fail(message: string): never {
	console.error(`Erreur : ${message}\n\n${USAGE}`);
	process.exit(2);
}

let args;
try {
	args = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			root: { type: 'string' },
			data: { type: 'string' },
			rebuild: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		},
		strict: true
	}).values;
} catch (error) {
	fail(error instanceof Error ? error.message : String(error));
}

if (args.help) {
	console.log(USAGE);
	process.exit(0);
}

const portText = args.port ?? process.env.ATELIER_PORT ?? process.env.PORT ?? '8787';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`port invalide « ${portText} »`);
const host = args.host ?? process.env.ATELIER_HOST ?? process.env.HOST ?? '0.0.0.0';
const root = resolve(args.root ?? 'build');
const database = resolve(args.data ?? process.env.ATELIER_DATA ?? 'data/relais.sqlite');

if (args.rebuild || !existsSync(resolve(root, SPA_FALLBACK))) {
	console.log('Construction de l’application (une seule fois)…');
	const result = spawnSync(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'build'], {
		stdio: 'inherit'
	});
	if (result.status !== 0) fail('la construction de l’application a échoué');
}

const server = createAtelierServer({ root, port, host, database });
let bound: number;
try {
	bound = await server.listen();
} catch (error) {
	const code = (error as NodeJS.ErrnoException).code;
	fail(code === 'EADDRINUSE' ? `le port ${port} est déjà utilisé` : String(error));
}

const urls = serverUrls(host, bound);
console.log(`\nAtelier CAPACities est prêt.\n\n  Sur cet ordinateur : ${urls.local}`);
for (const url of urls.lan) console.log(`  Sur le réseau local : ${url}`);
const joinUrl = urls.lan[0];
if (joinUrl) {
	console.log('\nLes participants scannent ce code QR (même Wi-Fi) :\n');
	console.log(await QRCode.toString(joinUrl, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }));
} else {
	console.log('\nAucune adresse réseau local trouvée : connectez l’ordinateur à un Wi-Fi ou créez un point d’accès.');
}
console.log(`Les ateliers relayés sont gardés dans ${database}.`);
console.log('Ctrl+C pour arrêter.\n');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log(`\n${signal} reçu : arrêt propre du serveur…`);
	const force = setTimeout(() => process.exit(1), 5_000);
	force.unref();
	await server.close();
	console.log('Serveur arrêté.');
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
