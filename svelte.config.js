import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		// Kit pages are prerendered; atelier pages (client-side, per-device data) are served by the
		// SPA fallback. The atelier server and the service worker both know this file name.
		adapter: adapter({ fallback: '200.html', precompress: true, strict: true }),
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self', 'ws:', 'wss:'],
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
