import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Hosted signaling servers the app may connect to besides its own origin (the same build-time
 * variable the app reads, see src/lib/sync/session.svelte.ts): `VITE_ATELIER_SIGNALING=wss://a/signal`.
 * The page connects nowhere else: its own /signal and /relay are covered by 'self'.
 */
const hostedSignaling = (process.env.VITE_ATELIER_SIGNALING ?? '')
	.split(',')
	.map((url) => url.trim())
	.filter((url) => /^wss?:\/\/[^\s;,'"]+$/.test(url));

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		// Kit pages are prerendered; atelier pages (client-side, per-device data) are served by the
		// SPA fallback, or by the atelier page's own shell (src/server/static.ts). The atelier server
		// and the service worker both know this file name.
		adapter: adapter({ fallback: '200.html', precompress: true, strict: true }),
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
		// A prerendered page carries its small style sheets in its HTML (three requests fewer on a first
		// visit); the app shell and the service worker still load them as files.
		inlineStyleThreshold: 8 * 1024,
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				// Kit types host sources as template literals; these URLs were checked above.
				'connect-src': /** @type {any} */ (['self', ...hostedSignaling]),
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
		// Absolute asset paths: the SPA fallback is served at deep URLs such as /ateliers/<id>/<sheet>.
		paths: { relative: false },
		alias: {
			$content: 'content'
		}
	}
};

export default config;
