import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.server.ts';

const N = '\u00a0';

describe('renderMarkdown', () => {
	it('renders Markdown with French typography outside code', () => {
		const html = renderMarkdown('**Pourquoi ?** Voir `a ? b : c` et « ceci ».');
		expect(html.replaceAll('&nbsp;', N).trim()).toBe(
			`<p><strong>Pourquoi${N}?</strong> Voir <code>a ? b : c</code> et «${N}ceci${N}».</p>`
		);
	});

	it.each([
		['<script>alert(1)</script>Texte', 'Texte'],
		['<img src=x onerror="alert(1)">', '<img src="x">'],
		['[lien](javascript:alert(1))', '<p><a>lien</a></p>'],
		['<a href="https://cerema.fr" onclick="x()">Cerema</a>', '<p><a href="https://cerema.fr" rel="noopener noreferrer">Cerema</a></p>'],
		['<iframe src="https://evil.example"></iframe>ok', 'ok'],
		['<style>body{display:none}</style>ok', 'ok']
	])('sanitises %j', (input, expected) => {
		expect(renderMarkdown(input).trim()).toBe(expected);
	});
});
