// Starts the real atelier server on the real build for the browser tests.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createAtelierServer } from '../../src/server/server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		buildDir: string;
	}
}

export default async function setup(project: TestProject) {
	const buildDir = resolve('build');
	// A build from before the atelier page had its own shell (ateliers/coquille.html) is stale too.
	if (['200.html', 'sw.js', 'ateliers/coquille.html'].some((file) => !existsSync(resolve(buildDir, file)))) {
		throw new Error('No build found: run `npm run build` first (`npm test` does it).');
	}
	const server = createAtelierServer({ root: buildDir, port: 0, host: '127.0.0.1' });
	const port = await server.listen();
	project.provide('baseURL', `http://127.0.0.1:${port}`);
	project.provide('buildDir', buildDir);
	return async () => {
		await server.close();
	};
}
