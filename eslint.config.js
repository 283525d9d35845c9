import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'static/', 'docs/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// French typography puts non-breaking spaces before : ; ! ? and inside « »: in strings, on purpose.
			'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true, skipRegExps: true }],
			// The app is always served at the root of its origin by the atelier server (no `paths.base`),
			// so plain absolute hrefs are correct and resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } },
		// Markup text is French prose with its non-breaking spaces.
		rules: { 'no-irregular-whitespace': 'off' }
	},
	{
		// The atelier server runs in Node and must never pull in browser code; src/lib/shared holds the
		// few pure modules both sides need (room ids and relay tokens, limits, French formats).
		files: ['src/server/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(\\$lib/(?!shared/)|\\$app/|svelte($|/)|.*/lib/(?!shared/))',
							message: 'src/server imports nothing from the browser app except src/lib/shared.'
						}
					]
				}
			]
		}
	},
	// Layers (docs/ARCHITECTURE.md): shared ← content, model ← storage, sync, report ← session ← screens.
	// Each rule lists what a layer must not reach; `npm run lint` also refuses any import loop (dpdm).
	layer(
		'src/lib/shared/**/*.ts',
		'src/lib/shared imports nothing from the rest of the app: it is the leaf every layer (and the server) uses.',
		['$lib/*', '$app/*', 'svelte', 'svelte/*', '../*', 'yjs']
	),
	layer(
		'src/lib/model/**/*.ts',
		'src/lib/model is the document on Yjs: it knows nothing of content files, Svelte, storage, network, reports or the DOM.',
		[
			'svelte',
			'svelte/*',
			'$app/*',
			'dexie',
			'y-webrtc',
			'y-indexeddb',
			'@hocuspocus/*',
			'**/content/**',
			'$lib/content/*',
			'**/sync/**',
			'$lib/sync/*',
			'**/session/**',
			'$lib/session/*',
			'**/storage/**',
			'$lib/storage/*',
			'**/components/**',
			'**/report/**',
			'$lib/report/*'
		]
	),
	layer(
		'src/lib/content/**/*.ts',
		'src/lib/content reads the kit; it gives the model templates (types only) and never touches a document.',
		[
			'yjs',
			'dexie',
			'$app/*',
			'$lib/sync/*',
			'$lib/session/*',
			'$lib/storage/*',
			'$lib/report/*',
			'$lib/components/*',
			'../sync/*',
			'../session/*',
			'../storage/*',
			'../report/*'
		]
	),
	...['storage', 'sync', 'report'].map((dir) =>
		layer(
			`src/lib/${dir}/**/*.ts`,
			`src/lib/${dir} sits on the model: it never reaches the session or the screens${dir === 'sync' ? ', and the transport leaves storage and reports to the session' : ''}.`,
			[
				'$app/*',
				'svelte',
				'svelte/*',
				'$lib/session/*',
				'$lib/components/*',
				'../session/*',
				'../components/*',
				...(dir === 'sync' ? ['$lib/storage/*', '$lib/report/*', '$lib/content/*', '../storage/*', '../report/*', '../content/*'] : [])
			]
		)
	),
	layer('src/lib/session/**/*.ts', 'src/lib/session is below the screens.', ['$lib/components/*', '$app/*']),
	layer(
		'src/{routes,lib/components}/**/*.{ts,svelte}',
		'Screens go through the session (sheet adapters, facilitation controls, text bindings): no Yjs, no model, no storage or transport.',
		[
			'yjs',
			'y-*',
			'lib0',
			'lib0/*',
			'dexie',
			'@hocuspocus/*',
			'$lib/model',
			'$lib/model/*',
			'$lib/storage/*',
			'$lib/sync/*',
			'!$lib/sync/status'
		]
	)
);

/**
 * A `no-restricted-imports` rule for one layer, with the same message for every forbidden import.
 * @param {string} files
 * @param {string} message
 * @param {string[]} group
 * @returns {import('eslint').Linter.Config}
 */
function layer(files, message, group) {
	return { files: [files], rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] } };
}
