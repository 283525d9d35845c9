// The report as Markdown: readable as plain text, and rendered by any Markdown tool. Every value
// typed in the atelier is escaped, so it comes out as text (a typed « # » or « <script> » stays text).
import { reportBlocks, type Block } from './blocks.ts';
import type { Report } from './report.ts';

/** Escapes Markdown syntax and HTML in user text; keeps line breaks as Markdown hard breaks. */
export function escapeMarkdown(text: string): string {
	return (
		text
			.replace(/\\/g, '\\\\')
			.replace(/([`*_{}[\]#|>~])/g, '\\$1')
			.replace(/</g, '&lt;')
			.split(/\r?\n/)
			// Line starts that would open a list or a heading: « - », « + », « 1. ».
			.map((line) => line.replace(/^(\s*)([-+])(?=\s)/, '$1\\$2').replace(/^(\s*\d+)\.(?=\s)/, '$1\\.'))
			.join('  \n')
	);
}

/** A table cell: also no raw line break (a table row is one line). */
function cell(text: string): string {
	return escapeMarkdown(text).replace(/ {2}\n/g, '<br>') || ' ';
}

function table(headers: string[], rows: string[][]): string {
	return [
		`| ${headers.map(cell).join(' | ')} |`,
		`| ${headers.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)
	].join('\n');
}

function blockMarkdown(block: Block): string | null {
	switch (block.kind) {
		case 'title':
			// The logo is for the documents that can show it (printable, DOCX, ODT).
			return [
				block.organisation ? `**${escapeMarkdown(block.organisation)}**\n\n` : '',
				`# ${escapeMarkdown(block.title)}`,
				block.facts.length ? `\n\n${block.facts.map((f) => `- ${escapeMarkdown(f)}`).join('\n')}` : ''
			].join('');
		case 'toc':
			return `## Sommaire\n\n${block.entries.map((e) => `- ${escapeMarkdown(e)}`).join('\n')}`;
		case 'caveat':
			return block.items.map((item) => `> **À vérifier\u00a0:** ${escapeMarkdown(item)}`).join('\n>\n');
		case 'heading':
			return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
		case 'paragraph':
			if (block.bold) return `**${escapeMarkdown(block.text)}**`;
			if (block.muted) return `*${escapeMarkdown(block.text)}*`;
			return escapeMarkdown(block.text);
		case 'list':
			return block.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n');
		case 'table':
			return table(block.headers, block.rows);
		case 'pageBreak':
		case 'chart':
			// Charts are drawn in the printable, DOCX and ODT reports; their figures are in the tables.
			return null;
	}
}

/** The same blocks as the DOCX and ODT writers (blocks.ts), as Markdown. */
export function reportMarkdown(report: Report): string {
	return blocksMarkdown(reportBlocks(report));
}

/** Any blocks (a report, a synthesis) as Markdown. */
export function blocksMarkdown(blocks: readonly Block[]): string {
	return `${blocks
		.map(blockMarkdown)
		.filter((text): text is string => text !== null && text !== '')
		.join('\n\n')}\n`;
}
