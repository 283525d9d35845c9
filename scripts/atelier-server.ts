// The command line of `npm start`'s server, as the benches and the browser tests start it: the
// supervisor (src/server/cli.ts) under this Node, serving the build with its relay in `database`.
import { resolve } from 'node:path';

export function atelierServerCommand(options: { port: number; database: string; host?: string }): string[] {
	return [
		process.execPath,
		'--import',
		'tsx',
		resolve('src/server/cli.ts'),
		'--port',
		String(options.port),
		'--host',
		options.host ?? '127.0.0.1',
		'--root',
		resolve('build'),
		'--data',
		options.database
	];
}
