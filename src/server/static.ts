// Static files of the built app: MIME types, ETags and the SPA fallback come from sirv (the server
// SvelteKit's own adapter-node and `vite preview` use); this module only decides cache policy and
// security headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

export const SPA_FALLBACK = '200.html';

/**
 * The atelier page's own shell, prerendered under this name (src/routes/ateliers/[id]/+page.ts): the
 * SPA shell plus `modulepreload` links for the page's code, so a cold load fetches it all at once
 * instead of discovering it module by module after the shell has run (two more round trips on venue
 * Wi-Fi). The page reads the atelier's id from the address, never from the file.
 */
export const ATELIER_SHELL = '/ateliers/coquille';
const ATELIER_PAGE = /^\/ateliers\/[^/.]+\/?$/;

/** Hashed build output never changes under the same name. */
const IMMUTABLE = /^\/_app\/immutable\//;

export function securityHeaders(res: ServerResponse): void {
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('Referrer-Policy', 'no-referrer');
	// The page's own CSP is a <meta> tag written by SvelteKit (with script hashes); frame-ancestors
	// is only honoured as a header.
	res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
	res.setHeader('X-Frame-Options', 'DENY');
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
	res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
}

export function createStaticHandler(root: string) {
	const serve = sirv(root, {
		etag: true,
		// adapter-static writes .br and .gz next to each file (precompress: true): tablets on venue
		// Wi-Fi download several times less.
		brotli: true,
		gzip: true,
		single: SPA_FALLBACK,
		extensions: ['html'],
		setHeaders(res, pathname) {
			securityHeaders(res);
			// Everything that is not hashed is revalidated: the service worker script, the HTML
			// pages and the web manifest must never be served stale from an HTTP cache.
			res.setHeader('Cache-Control', IMMUTABLE.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
		}
	});
	return (req: IncomingMessage, res: ServerResponse) => {
		const [pathname = '/', query] = (req.url ?? '/').split('?', 2);
		// A build without the shell serves the SPA fallback instead (sirv's `single`).
		if (ATELIER_PAGE.test(pathname)) req.url = query === undefined ? ATELIER_SHELL : `${ATELIER_SHELL}?${query}`;
		serve(req, res, () => {
			securityHeaders(res);
			res.statusCode = 404;
			res.setHeader('Content-Type', 'text/plain; charset=utf-8');
			res.setHeader('Cache-Control', 'no-cache');
			res.end('Introuvable\n');
		});
	};
}
