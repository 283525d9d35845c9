// The report as a Word document (DOCX), written with the `docx` library: A4, a header with the
// atelier's title and date, page numbers, page breaks between sheets.
import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	Header,
	HeadingLevel,
	ImageRun,
	Packer,
	PageBreak,
	PageNumber,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import { longDate } from '$lib/shared/french';
import { chartSvg, reportDocumentInput, type Block, type DocumentInput } from './blocks.ts';
import type { Report } from './report.ts';
import type { Logo } from '$lib/model';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Text with its line breaks kept. */
function runs(text: string, options: { bold?: boolean; color?: string } = {}): TextRun[] {
	return text.split(/\r?\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options }));
}

/** A chart drawn for the document: its SVG and the PNG fallback Word needs. */
interface DrawnChart {
	svg: string;
	width: number;
	height: number;
	png: Uint8Array;
}

/** A logo at most 5 cm wide and 2.5 cm high (96 px per inch), its proportions kept. */
function logoSize(logo: Logo): { width: number; height: number } {
	const scale = Math.min(1, 189 / logo.width, 94 / logo.height);
	return { width: Math.max(1, Math.round(logo.width * scale)), height: Math.max(1, Math.round(logo.height * scale)) };
}

const CAVEAT_BORDER = { left: { style: BorderStyle.SINGLE, size: 18, color: '8A4B00', space: 6 } };

function toDocx(block: Block, charts: ReadonlyMap<Block, DrawnChart>): (Paragraph | Table)[] {
	switch (block.kind) {
		case 'title':
			return [
				...(block.logo
					? [
							new Paragraph({
								children: [
									new ImageRun({
										type: block.logo.type === 'image/png' ? 'png' : 'jpg',
										data: block.logo.bytes,
										transformation: logoSize(block.logo),
										altText: { name: 'Logo', description: block.organisation || 'Logo de la collectivité', title: 'Logo' }
									})
								]
							})
						]
					: []),
				...(block.organisation ? [new Paragraph({ children: runs(block.organisation, { bold: true, color: '1B4D89' }) })] : []),
				new Paragraph({ heading: HeadingLevel.TITLE, children: runs(block.title) }),
				...block.facts.map((fact) => new Paragraph({ children: runs(fact) }))
			];
		case 'toc':
			return [
				new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs('Sommaire') }),
				...block.entries.map((entry) => new Paragraph({ bullet: { level: 0 }, children: runs(entry) }))
			];
		case 'caveat':
			return block.items.map(
				(item) =>
					new Paragraph({
						border: CAVEAT_BORDER,
						children: [new TextRun({ text: 'À vérifier\u00a0: ', bold: true, color: '8A4B00' }), ...runs(item)]
					})
			);
		case 'chart': {
			// Word processors draw an SVG only beside a bitmap fallback; without a rasteriser (outside a
			// browser) the DOCX carries the figures in the tables that follow each chart.
			const drawn = charts.get(block);
			if (!drawn) return [];
			const scale = Math.min(1, 600 / drawn.width);
			return [
				new Paragraph({
					children: [
						new ImageRun({
							type: 'svg',
							data: new TextEncoder().encode(drawn.svg),
							fallback: { type: 'png', data: drawn.png },
							transformation: { width: Math.round(drawn.width * scale), height: Math.round(drawn.height * scale) },
							altText: { name: block.title, description: block.title, title: block.title }
						})
					]
				})
			];
		}
		case 'heading':
			return [new Paragraph({ heading: HEADINGS[block.level], children: runs(block.text) })];
		case 'paragraph':
			return [new Paragraph({ children: runs(block.text, { bold: block.bold, ...(block.muted ? { color: '4B5563' } : {}) }) })];
		case 'list':
			return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
		case 'table':
			return [
				new Table({
					width: { size: 100, type: WidthType.PERCENTAGE },
					rows: [
						new TableRow({
							tableHeader: true,
							children: block.headers.map((h) => new TableCell({ children: [new Paragraph({ children: runs(h, { bold: true }) })] }))
						}),
						...block.rows.map(
							(row) =>
								new TableRow({ children: row.map((value) => new TableCell({ children: [new Paragraph({ children: runs(value) })] })) })
						)
					]
				}),
				new Paragraph({})
			];
		case 'pageBreak':
			return [new Paragraph({ children: [new PageBreak()] })];
	}
}

/** Turns an SVG into PNG bytes (the browser does it with a canvas: see `canvasRasterizer`). */
export type Rasterizer = (svg: string, width: number, height: number) => Promise<Uint8Array>;

/** The Word document of the report's blocks (built once by the caller), with the charts drawn for it. */
function wordDocument(input: DocumentInput, charts: ReadonlyMap<Block, DrawnChart>): Document {
	const date = longDate(input.date);
	const blocks = input.blocks;
	return new Document({
		creator: 'Atelier CAPACities',
		title: input.title,
		description: input.description,
		styles: { default: { document: { run: { font: 'Liberation Sans', size: 22 } } } },
		sections: [
			{
				properties: { page: { size: { width: 11906, height: 16838 } } },
				headers: {
					default: new Header({
						children: [new Paragraph({ children: runs([input.title, date].filter(Boolean).join(' — '), { color: '4B5563' }) })]
					})
				},
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								alignment: AlignmentType.CENTER,
								children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' sur ', PageNumber.TOTAL_PAGES] })]
							})
						]
					})
				},
				children: blocks.flatMap((block) => toDocx(block, charts))
			}
		]
	});
}

export async function reportDocx(report: Report, rasterize?: Rasterizer): Promise<Uint8Array> {
	return documentDocx(reportDocumentInput(report), rasterize);
}

/** Any blocks (a report, a synthesis) as a Word document; charts embedded when a rasterizer is given. */
export async function documentDocx(input: DocumentInput, rasterize?: Rasterizer): Promise<Uint8Array> {
	const charts = new Map<Block, DrawnChart>();
	if (rasterize) {
		for (const block of input.blocks) {
			if (block.kind !== 'chart') continue;
			const drawn = chartSvg(block.chart);
			charts.set(block, { ...drawn, png: await rasterize(drawn.svg, drawn.width * 2, drawn.height * 2) });
		}
	}
	return new Uint8Array(await Packer.toArrayBuffer(wordDocument(input, charts)));
}

/** In the browser: draws the SVG on a canvas (white background) and encodes it as PNG. */
export const canvasRasterizer: Rasterizer = async (svg, width, height) => {
	const image = new Image(width, height);
	image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
	await image.decode();
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const context = canvas.getContext('2d');
	if (!context) throw new Error('no 2D canvas');
	context.fillStyle = '#ffffff';
	context.fillRect(0, 0, width, height);
	context.drawImage(image, 0, 0, width, height);
	const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
	if (!blob) throw new Error('PNG encoding failed');
	return new Uint8Array(await blob.arrayBuffer());
};
