// Build-time Markdown rendering for kit content: marked, then DOMPurify (on jsdom, since this runs
// in Node during prerendering), then French typography on text nodes outside code. User text typed
// in ateliers is rendered in the browser with the same pair (marked + DOMPurify).
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { Marked } from 'marked';
import { markSanitized, type SafeHtml } from './safe-html.ts';
import { frenchTypography } from '../shared/french.ts';

const { window } = new JSDOM('');
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
const marked = new Marked({ gfm: true, breaks: false, async: false });

purify.addHook('afterSanitizeAttributes', (node) => {
	// External links open safely; the app itself never relies on a referrer.
	if (node.tagName === 'A' && /^https?:/i.test(node.getAttribute('href') ?? '')) {
		node.setAttribute('rel', 'noopener noreferrer');
	}
});

export function renderMarkdown(source: string): SafeHtml {
	const raw = marked.parse(source) as string;
	const fragment = purify.sanitize(raw, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ['style', 'form', 'input'] });
	const walker = window.document.createTreeWalker(fragment, window.NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		if (node.parentElement?.closest('code, pre')) continue;
		node.textContent = frenchTypography(node.textContent ?? '');
	}
	const container = window.document.createElement('div');
	container.append(fragment);
	return markSanitized(container.innerHTML);
}
