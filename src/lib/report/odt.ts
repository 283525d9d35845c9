// The report as an OpenDocument text (ODT), the format the RGI favours: a proper package (mimetype
// stored first, manifest, content, styles, meta) zipped with fflate. A4, header with the atelier's title
// and date, page numbers, page breaks between sheets.
import { strToU8, zipSync, type Zippable } from 'fflate';
import { longDate } from '$lib/shared/french';
import { chartSvg, reportDocumentInput, type Block, type DocumentInput } from './blocks.ts';
import type { Report } from './report.ts';

const NS = [
	'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
	'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
	'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
	'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
	'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
	'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
	'xmlns:dc="http://purl.org/dc/elements/1.1/"',
	'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
	'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
	'xmlns:xlink="http://www.w3.org/1999/xlink"',
	'office:version="1.3"'
].join(' ');

/** XML text: the five special characters escaped, control characters (invalid in XML 1.0) dropped. */
export function xmlText(text: string): string {
	return (
		text
			// eslint-disable-next-line no-control-regex -- removing control characters is the point
			.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, '&apos;')
	);
}

/** Paragraph content: line breaks and tabs as ODF elements. */
function inline(text: string): string {
	return xmlText(text).replace(/\r?\n/g, '<text:line-break/>').replace(/\t/g, '<text:tab/>');
}

/** 96 px per inch, 2.54 cm per inch; charts are at most 16 cm wide. */
function cm(px: number, scale: number): string {
	return `${((px * scale * 2.54) / 96).toFixed(2)}cm`;
}

/** Stores a picture in the package and gives its path. */
type AddPicture = (data: Uint8Array, type: string) => string;

function frame(name: string, href: string, width: number, height: number, scale: number): string {
	return `<draw:frame draw:name="${xmlText(name)}" text:anchor-type="as-char" svg:width="${cm(width, scale)}" svg:height="${cm(height, scale)}"><draw:image xlink:href="${href}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:title>${xmlText(name)}</svg:title></draw:frame>`;
}

function toOdf(block: Block, picture: AddPicture): string {
	switch (block.kind) {
		case 'title': {
			const logo = block.logo;
			// At most 5 cm wide and 2.5 cm high.
			const logoFrame = logo
				? `<text:p text:style-name="Standard">${frame(
						block.organisation || 'Logo de la collectivité',
						picture(logo.bytes, logo.type),
						logo.width,
						logo.height,
						Math.min(1, 189 / logo.width, 94 / logo.height)
					)}</text:p>`
				: '';
			return (
				logoFrame +
				(block.organisation ? `<text:p text:style-name="Organisation">${inline(block.organisation)}</text:p>` : '') +
				`<text:h text:style-name="Heading_20_1" text:outline-level="1">${inline(block.title)}</text:h>` +
				block.facts.map((fact) => `<text:p text:style-name="Standard">${inline(fact)}</text:p>`).join('')
			);
		}
		case 'toc':
			return `<text:h text:style-name="Heading_20_2" text:outline-level="2">Sommaire</text:h><text:list text:style-name="Bullets">${block.entries.map((entry) => `<text:list-item><text:p text:style-name="Standard">${inline(entry)}</text:p></text:list-item>`).join('')}</text:list>`;
		case 'caveat':
			return block.items
				.map(
					(item) =>
						`<text:p text:style-name="Caveat"><text:span text:style-name="CaveatLabel">À vérifier\u00a0: </text:span>${inline(item)}</text:p>`
				)
				.join('');
		case 'chart': {
			const drawn = chartSvg(block.chart);
			const scale = Math.min(1, (16 * 96) / 2.54 / drawn.width);
			return `<text:p text:style-name="Standard">${frame(block.title, picture(strToU8(drawn.svg), 'image/svg+xml'), drawn.width, drawn.height, scale)}</text:p>`;
		}
		case 'heading':
			return `<text:h text:style-name="Heading_20_${block.level}" text:outline-level="${block.level}">${inline(block.text)}</text:h>`;
		case 'paragraph':
			return `<text:p text:style-name="${block.bold ? 'Strong' : block.muted ? 'Muted' : 'Standard'}">${inline(block.text)}</text:p>`;
		case 'list':
			return `<text:list text:style-name="Bullets">${block.items.map((item) => `<text:list-item><text:p text:style-name="Standard">${inline(item)}</text:p></text:list-item>`).join('')}</text:list>`;
		case 'table': {
			const cell = (value: string, header = false) =>
				`<table:table-cell table:style-name="Cell" office:value-type="string"><text:p text:style-name="${header ? 'Strong' : 'Standard'}">${inline(value)}</text:p></table:table-cell>`;
			return (
				`<table:table table:style-name="Table"><table:table-column table:number-columns-repeated="${block.headers.length}"/>` +
				`<table:table-header-rows><table:table-row>${block.headers.map((h) => cell(h, true)).join('')}</table:table-row></table:table-header-rows>` +
				block.rows.map((row) => `<table:table-row>${row.map((v) => cell(v)).join('')}</table:table-row>`).join('') +
				'</table:table><text:p text:style-name="Standard"/>'
			);
		}
		case 'pageBreak':
			return '<text:p text:style-name="PageBreak"/>';
	}
}

function content(blocks: readonly Block[], picture: AddPicture): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS}>
<office:automatic-styles>
<style:style style:name="PageBreak" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="Table" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>
<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #9ca3af"/></style:style>
</office:automatic-styles>
<office:body><office:text>
${blocks.map((block) => toOdf(block, picture)).join('\n')}
</office:text></office:body>
</office:document-content>`;
}

function styles(input: DocumentInput): string {
	const date = longDate(input.date);
	const heading = (level: number, size: string) =>
		`<style:style style:name="Heading_20_${level}" style:display-name="Heading ${level}" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="${level}"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="${size}" fo:font-weight="bold" fo:color="#1b4d89"/></style:style>`;
	return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS}>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Sans" fo:font-family="'Liberation Sans'" fo:font-size="11pt" fo:language="fr" fo:country="FR"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.15cm"/></style:style>
<style:style style:name="Strong" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Muted" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:color="#4b5563" fo:font-size="9.5pt"/></style:style>
<style:style style:name="Organisation" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold" fo:color="#1b4d89" fo:font-size="13pt"/></style:style>
<style:style style:name="Caveat" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:border-left="1.5pt solid #8a4b00" fo:padding-left="0.2cm" fo:margin-left="0.1cm"/></style:style>
<style:style style:name="CaveatLabel" style:family="text"><style:text-properties fo:font-weight="bold" fo:color="#8a4b00"/></style:style>
<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>
${heading(1, '20pt')}
${heading(2, '15pt')}
${heading(3, '12.5pt')}
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-bottom="0.4cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="A4">
<style:header><text:p text:style-name="Muted">${inline([input.title, date].filter(Boolean).join(' — '))}</text:p></style:header>
<style:footer><text:p text:style-name="Muted">Page <text:page-number text:select-page="current"/> sur <text:page-count/></text:p></style:footer>
</style:master-page>
</office:master-styles>
</office:document-styles>`;
}

function meta(input: DocumentInput): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta ${NS}><office:meta><meta:generator>Atelier CAPACities</meta:generator><dc:title>${xmlText(input.title)}</dc:title><dc:language>fr-FR</dc:language><meta:creation-date>${input.generatedAt.slice(0, 19)}</meta:creation-date></office:meta></office:document-meta>`;
}

function manifest(pictures: Record<string, string>): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text" manifest:version="1.3"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
${Object.entries(pictures)
	.map(([path, type]) => `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="${type}"/>`)
	.join('\n')}
</manifest:manifest>`;
}

export function reportOdt(report: Report): Uint8Array {
	return documentOdt(reportDocumentInput(report));
}

/** Any blocks (a report, a synthesis) as an OpenDocument text. */
export function documentOdt(input: DocumentInput): Uint8Array {
	// The mimetype entry must come first and be stored uncompressed (ODF 1.3, part 2, §3.3).
	const pictures: Record<string, Uint8Array> = {};
	const types: Record<string, string> = {};
	const EXTENSIONS: Record<string, string> = { 'image/svg+xml': 'svg', 'image/png': 'png', 'image/jpeg': 'jpg' };
	let charts = 0;
	const body = content(input.blocks, (data, type) => {
		// Charts are SVG; the one bitmap is the collectivité's logo.
		const path = type === 'image/svg+xml' ? `Pictures/graphique-${++charts}.svg` : `Pictures/logo.${EXTENSIONS[type] ?? 'bin'}`;
		pictures[path] = data;
		types[path] = type;
		return path;
	});
	const files: Zippable = {
		mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
		'META-INF/manifest.xml': strToU8(manifest(types)),
		'content.xml': strToU8(body),
		...pictures,
		'styles.xml': strToU8(styles(input)),
		'meta.xml': strToU8(meta(input))
	};
	return zipSync(files, { level: 6 });
}
