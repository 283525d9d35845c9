import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
/**
 * Two seams in the peer libraries, without forking them:
 * - y-webrtc's `./crypto.js` becomes src/lib/sync/crypto.ts: same wire format, but it works on
 *   plain-HTTP LAN pages where `crypto.subtle` is missing, and reports undecryptable messages;
 * - the `yjs` seen by y-webrtc, y-protocols and the Hocuspocus provider becomes
 *   src/lib/sync/guarded-yjs.ts, whose `applyUpdate` refuses a malformed or oversized remote update
 *   before it touches the document.
 */
export function peerSeams(): Plugin {
	const cryptoModule = fileURLToPath(new URL('./src/lib/sync/crypto.ts', import.meta.url));
	const guardedYjs = fileURLToPath(new URL('./src/lib/sync/guarded-yjs.ts', import.meta.url));
	const providers = /\/node_modules\/(y-webrtc|y-protocols|@hocuspocus\/provider)\//;
	return {
		name: 'atelier-peer-seams',
		enforce: 'pre',
		resolveId(source, importer) {
			if (!importer) return null;
			const from = importer.replaceAll('\\', '/');
			if (source === './crypto.js' && from.includes('/node_modules/y-webrtc/src/')) return cryptoModule;
			if (source === 'yjs' && providers.test(from)) return guardedYjs;
			return null;
		}
	};
}

export const THEME_COLOR = '#1b4d89';

const workbox: NonNullable<Parameters<typeof SvelteKitPWA>[0]>['workbox'] & { manifestTransforms?: unknown[] } = {
	// App-shell model: every navigation is answered by the SPA shell (200.html), which renders the
	// page from its precached __data.json. Precaching each prerendered page's HTML as well would
	// store every kit text twice (HTML with inline data + __data.json): 2.6 MB instead of 1.1 MB.
	// The prerendered HTML still serves first visits, crawlers and browsers without a worker.
	globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}', 'prerendered/**/*.json'],
	navigateFallback: '200.html',
	// The server's own endpoints are never answered from the app shell.
	navigateFallbackDenylist: [/^\/healthz/, /^\/signal/, /^\/relay/],
	// SvelteKit asks for page data as `__data.json?x-sveltekit-invalidated=…` (plus
	// `x-sveltekit-trailing-slash=1` for the root page): the parameters must not defeat the precache,
	// or pages rendered by the shell fail offline.
	ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^x-sveltekit-invalidated$/, /^x-sveltekit-trailing-slash$/],
	cleanupOutdatedCaches: true,
	runtimeCaching: [
		{
			urlPattern: ({ url }) => url.pathname.startsWith('/_app/immutable/'),
			handler: 'CacheFirst',
			options: { cacheName: 'app-modules', expiration: { maxEntries: 50 } }
		}
	]
};

/**
 * The DOCX writer (the `docx` library, 220 KB) is the one large module not precached: it would take the
 * precache over its 1.5 MB budget for a format most devices never produce. It is cached on first use
 * (runtime caching of /_app/immutable/), from the laptop in a room without internet; every other export
 * (ODT, CSV, Markdown, JSON) works offline from the first visit. @vite-pwa/sveltekit installs its own
 * manifest transform only when none is given, so this one is appended to it once the plugin set it up.
 */
function precacheWithoutDocx(): Plugin {
	const drop = async (entries: { url: string; size: number }[]) => ({
		manifest: entries.filter((entry) => !isDocxWriter(entry.url)),
		warnings: []
	});
	return {
		name: 'precache-without-docx',
		buildStart() {
			const list = workbox?.manifestTransforms;
			if (Array.isArray(list) && !list.includes(drop)) list.push(drop);
		}
	};
}

/** Is this precache entry the chunk of the `docx` library? (Chunk names are hashes: read the file.) */
function isDocxWriter(url: string): boolean {
	if (!url.endsWith('.js')) return false;
	try {
		const file = fileURLToPath(new URL(`./.svelte-kit/output/client/${url.replace(/^\//, '').replace(/^client\//, '')}`, import.meta.url));
		return readFileSync(file, 'utf8').includes('schemas.openxmlformats.org/wordprocessingml/2006/main');
	} catch {
		return false;
	}
}

export default defineConfig({
	plugins: [
		peerSeams(),
		sveltekit(),
		SvelteKitPWA({
			// Never reload by itself: a reload in the middle of a workshop could drop what is being typed.
			registerType: 'prompt',
			injectRegister: false,
			manifest: {
				id: '/',
				name: 'Atelier CAPACities',
				short_name: 'CAPACities',
				description:
					'La boîte à outils CAPACities pour mener des ateliers de gouvernance des données entre collectivités et entreprises, même sans internet.',
				lang: 'fr',
				dir: 'ltr',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				orientation: 'any',
				theme_color: THEME_COLOR,
				background_color: '#ffffff',
				categories: ['productivity', 'government', 'education'],
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			kit: {
				adapterFallback: '200.html',
				spa: true
			},
			workbox
		}),
		precacheWithoutDocx()
	],
	build: {
		// The kit's small components and the French formats are used by many pages in different
		// combinations: split by usage they made six chunks of under 2 KB, six requests on each kit page.
		// Grouped (they join the Svelte runtime's chunk, which every page loads, for 5 KB), every page
		// makes fewer requests (docs/BENCHMARKS.md).
		rolldownOptions: {
			output: {
				codeSplitting: {
					groups: [
						{
							name: 'kit-ui',
							test: /\/src\/lib\/(components\/kit\/|components\/Prose\.svelte|content\/labels\.ts|shared\/french\.ts)/,
							priority: 10
						}
					]
				}
			}
		}
	},
	// Pre-bundling would hide the peer libraries' imports from the seams above in `vite dev`.
	optimizeDeps: { exclude: ['y-webrtc', '@hocuspocus/provider', 'y-protocols'] },
	test: {
		reporters: ['default', './tests/summary-reporter.ts'],
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					include: ['tests/browser/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/browser/global-setup.ts'],
					// Two cores: one Chromium at a time keeps timings honest and the machine responsive.
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
