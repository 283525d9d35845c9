// Saves generated text or bytes as a file through the browser's download.
import type { Report } from '$lib/report/report';
export function download(name: string, content: string | Uint8Array, type: string): void {
	const blob = new Blob([content as BlobPart], { type });
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Writes the report as DOCX (charts drawn by the browser) or ODT and downloads it; the writers load on demand. */
export async function downloadReport(report: Report, format: 'docx' | 'odt', suffix: string): Promise<void> {
	const { reportFileName } = await import('$lib/report/report');
	if (format === 'docx') {
		const { reportDocx, canvasRasterizer } = await import('$lib/report/docx');
		download(
			reportFileName(report.meta, 'docx', suffix),
			await reportDocx(report, canvasRasterizer),
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
		);
	} else {
		const { reportOdt } = await import('$lib/report/odt');
		download(reportFileName(report.meta, 'odt', suffix), reportOdt(report), 'application/vnd.oasis.opendocument.text');
	}
}
