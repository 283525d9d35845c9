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
	if (!existsSync(resolve(buildDir, '200.html')) || !existsSync(resolve(buildDir, 'sw.js'))) {
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
