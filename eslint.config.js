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
		// few pure modules both sides need (room ids and relay tokens).
		files: ['src/server/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ regex: '^(\\$lib/(?!shared/)|\\$app/|svelte($|/)|.*/lib/(?!shared/))', message: 'src/server imports nothing from the browser app except src/lib/shared.' }] }
			]
		}
	},
	{
		// The document model is pure: Yjs and content types only (see docs/ARCHITECTURE.md).
		files: ['src/lib/model/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['svelte', 'svelte/*', '$app/*', 'dexie', 'y-webrtc', 'y-indexeddb', '**/sync/**', '**/components/**', '**/report/**'],
							message: 'src/lib/model knows nothing of Svelte, storage, network or the DOM.'
						}
					]
				}
			]
		}
	}
);
