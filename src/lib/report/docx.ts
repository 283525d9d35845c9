// The report as a Word document (DOCX), written with the `docx` library: A4, a header with the
// atelier's title and date, page numbers, page breaks between sheets.
import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageBreak, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { reportBlocks, type Block } from './blocks.ts';
import type { Report } from './report.ts';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Text with its line breaks kept. */
function runs(text: string, options: { bold?: boolean; color?: string } = {}): TextRun[] {
	return text.split(/\r?\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options }));
}

function toDocx(block: Block): (Paragraph | Table)[] {
	switch (block.kind) {
		case 'chart':
			// Word and LibreOffice draw an SVG in a DOCX only through a bitmap fallback, which needs a
			// rasteriser; until then the DOCX carries the figures as the tables that follow each chart.
			// The charts are in the printable report and the ODT.
			return [];
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
						new TableRow({ tableHeader: true, children: block.headers.map((h) => new TableCell({ children: [new Paragraph({ children: runs(h, { bold: true }) })] })) }),
						...block.rows.map((row) => new TableRow({ children: row.map((value) => new TableCell({ children: [new Paragraph({ children: runs(value) })] })) }))
					]
				}),
				new Paragraph({})
			];
		case 'pageBreak':
			return [new Paragraph({ children: [new PageBreak()] })];
	}
}

export function reportDocument(report: Report): Document {
	const date = report.meta.date ? new Date(`${report.meta.date}T12:00:00`).toLocaleDateString('fr-FR', { dateStyle: 'long' }) : '';
	return new Document({
		creator: 'Atelier CAPACities',
		title: report.meta.title,
		description: 'Rapport d’atelier',
		styles: { default: { document: { run: { font: 'Liberation Sans', size: 22 } } } },
		sections: [
			{
				properties: { page: { size: { width: 11906, height: 16838 } } },
				headers: { default: new Header({ children: [new Paragraph({ children: runs([report.meta.title, date].filter(Boolean).join(' — '), { color: '4B5563' }) })] }) },
				footers: {
					default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' sur ', PageNumber.TOTAL_PAGES] })] })] })
				},
				children: reportBlocks(report).flatMap(toDocx)
			}
		]
	});
}

export async function reportDocx(report: Report): Promise<Uint8Array> {
	return new Uint8Array(await Packer.toArrayBuffer(reportDocument(report)));
}
