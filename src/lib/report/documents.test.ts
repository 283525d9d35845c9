// DOCX and ODT: the packages are well-formed, user text comes out as text, and LibreOffice (the tool
// collectivités have) converts both to PDFs that contain the answers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { reportDocx } from './docx.ts';
import { reportOdt, xmlText } from './odt.ts';
import { buildReport } from './report.ts';
import { richAtelier, XSS } from './fixture.test-helper.ts';

const dir = mkdtempSync(join(tmpdir(), 'atelier-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const report = buildReport(richAtelier(), { now: new Date('2026-12-01T10:00:00Z') });

describe('ODT package', () => {
	it('stores the mimetype first and uncompressed, with manifest, content, styles and meta', () => {
		const odt = reportOdt(report);
		// A zip's first local header: the name at offset 30, compression method 0 (stored) at offset 8.
		expect(strFromU8(odt.subarray(30, 38))).toBe('mimetype');
		expect(odt[8]).toBe(0);
		expect(strFromU8(odt.subarray(38, 77))).toBe('application/vnd.oasis.opendocument.text');
		const files = unzipSync(odt);
		expect(Object.keys(files).sort()).toEqual([
			'META-INF/manifest.xml',
			'Pictures/graphique-1.svg',
			'Pictures/graphique-2.svg',
			'content.xml',
			'meta.xml',
			'mimetype',
			'styles.xml'
		]);
		// The charts (checklist radar, comparator ranking) are SVG files declared in the manifest.
		const manifest = strFromU8(files['META-INF/manifest.xml']!);
		for (const n of [1, 2]) {
			expect(manifest).toContain(`manifest:full-path="Pictures/graphique-${n}.svg" manifest:media-type="image/svg+xml"`);
			expect(strFromU8(files[`Pictures/graphique-${n}.svg`]!)).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		}
		const content = strFromU8(files['content.xml']!);
		expect(content).not.toContain('<script>');
		expect(content).toContain(xmlText(XSS));
		expect(content).toContain('Service mobilité');
		expect(strFromU8(files['styles.xml']!)).toContain('<text:page-number');
	});

	it('escapes XML and drops characters XML cannot hold', () => {
		expect(xmlText('a < b & "c" \u0001')).toBe('a &lt; b &amp; &quot;c&quot; ');
	});
});

describe('DOCX package', () => {
	it('is a Word package whose document holds the answers as text', async () => {
		const files = unzipSync(await reportDocx(report));
		expect(files['[Content_Types].xml']).toBeDefined();
		const document = strFromU8(files['word/document.xml']!);
		expect(document).toContain('Service mobilité');
		expect(document).not.toContain('<script>');
		expect(document).toContain('&lt;script&gt;');
	});
});

describe('LibreOffice converts both to PDF', () => {
	const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

	it.each(['odt', 'docx'] as const)(
		'%s → PDF with every answer, accents included',
		async (format) => {
			if (!soffice)
				throw new Error('LibreOffice is not installed: apt-get install -y libreoffice-writer-nogui poppler-utils (.ci/run does it)');
			const file = join(dir, `rapport.${format}`);
			writeFileSync(file, format === 'odt' ? reportOdt(report) : await reportDocx(report));
			execFileSync(
				soffice,
				[
					`-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
					'--headless',
					'--convert-to',
					'pdf',
					'--outdir',
					join(dir, format),
					file
				],
				{ stdio: 'pipe', timeout: 120_000 }
			);
			const pdf = join(dir, format, 'rapport.pdf');
			expect(existsSync(pdf)).toBe(true);
			const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
			for (const expected of [
				'Atelier test',
				'Élodie Durand',
				'Œdipe Ñandú',
				'Service mobilité',
				'mars 2027',
				'Aucune donnée personnelle traitée.',
				'Restitution en fin de contrat',
				'Comptages vélos',
				'Plan d’action',
				'<script>alert("x")</script>'
			]) {
				expect(text, expected).toContain(expected);
			}
			expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
			const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
			// The synthesis alone on page 1, the sheets after it.
			expect(pages).toBeGreaterThanOrEqual(2);
			expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' })).toContain('Synthèse');
		},
		180_000
	);
});
