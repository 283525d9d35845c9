// The report a collectivité sends to its élus (issue 15), on the kit's real content: the synthesis
// first, only what was said, the kit's caveats carried, the same blocks in every format.
import { strFromU8, unzipSync } from 'fflate';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { getKit } from '$lib/content/kit.server';
import { checklistFromKit, clausesFromKit, comparatorFromKit, gridFromKit } from '$lib/content/kit-templates';
import {
	addSheet,
	basket,
	checklist,
	comparator,
	createAtelier,
	grid,
	joinRoster,
	readImage,
	readLogo,
	setLogo,
	setText,
	updateInfo
} from '$lib/model';
import { frenchTypography } from '$lib/shared/french';
import { reportBlocks, type Block } from './blocks.ts';
import { reportDocx } from './docx.ts';
import { reportMarkdown } from './markdown.ts';
import { reportOdt } from './odt.ts';
import { buildReport } from './report.ts';
import { png } from './png.test-helper.ts';

const kit = getKit();

/** The reference: a short atelier of 4 sheets (grid, checklist, comparator, clauses), about 10 answers. */
function referenceAtelier(): { doc: Y.Doc; ids: Record<string, string> } {
	const doc = new Y.Doc();
	createAtelier(
		doc,
		{
			title: 'Atelier données de mobilité',
			date: '2026-12-03',
			territory: 'Pays d’Auge',
			place: 'Lisieux',
			organisation: 'Agglomération Lisieux Normandie'
		},
		{ kitVersion: 'test' }
	);
	joinRoster(doc, { id: 'p1', name: 'Élodie Durand', role: 'animateur' });
	joinRoster(doc, { id: 'p2', name: 'Jean-Noël Lefèvre', role: 'participant' });
	joinRoster(doc, { id: 'p3', name: 'Chloé Martin', role: 'participant' });
	const sheet = (id: string) => doc.getMap('sheets').get(id) as Y.Map<unknown>;
	const ids = {
		grid: addSheet(doc, gridFromKit(kit.grids[0]!)),
		checklist: addSheet(doc, checklistFromKit(kit.axes)),
		comparator: addSheet(doc, comparatorFromKit(kit.criteria, kit.vehicles)),
		clauses: addSheet(doc, clausesFromKit(kit.clauseThemes))
	};
	const g = sheet(ids.grid);
	const rows = grid.readGrid(g).rows;
	setText(grid.ensureCell(g, rows[0]!.id, 'reponse'), 'Ouvrir les comptages vélo sous licence ouverte.');
	grid.setDecision(g, rows[0]!.id, true);
	setText(grid.ensureCell(g, rows[0]!.id, 'acteur'), 'Direction du numérique');
	grid.setChoice(g, rows[0]!.id, 'echeance', '2027-06');
	grid.setChoice(g, rows[0]!.id, 'priorite', 'haute');
	setText(grid.ensureCell(g, rows[1]!.id, 'reponse'), 'Les usagers du réseau de bus et les associations cyclistes.');
	setText(grid.ensureCell(g, rows[2]!.id, 'acteur'), 'Service mobilité');
	grid.setChoice(g, rows[2]!.id, 'priorite', 'moyenne');
	const c = sheet(ids.checklist);
	checklist.setStatus(c, 'c2', 'non');
	checklist.setStatus(c, 'c1', 'oui');
	checklist.setStatus(c, 'a1', 'partiel');
	const k = sheet(ids.comparator);
	comparator.setWeight(k, 'p1', kit.criteria.criteria[0]!.id, 5);
	comparator.setWeight(k, 'p2', kit.criteria.criteria[0]!.id, 2);
	const b = sheet(ids.clauses);
	basket.addClause(b, 'd1', 'indispensable', 'p1');
	setText(basket.noteText(b, 'd1'), 'Plan de réversibilité chiffré dès l’offre.');
	return { doc, ids };
}

const text = (blocks: readonly Block[]): string[] =>
	blocks.flatMap((b) => {
		switch (b.kind) {
			case 'title':
				return [b.title, b.organisation, ...b.facts];
			case 'toc':
				return b.entries;
			case 'caveat':
			case 'list':
				return b.items;
			case 'heading':
			case 'paragraph':
				return [b.text];
			case 'table':
				return [...b.headers, ...b.rows.flat()];
			case 'chart':
				return [b.title];
			case 'pageBreak':
				return [];
		}
	});

describe('the report for élus', () => {
	it('opens with the title and the synthesis: decisions, next steps, structures, checklist, clauses', () => {
		const { doc } = referenceAtelier();
		const blocks = reportBlocks(buildReport(doc));
		expect(blocks[0]).toMatchObject({
			kind: 'title',
			title: 'Atelier données de mobilité',
			organisation: 'Agglomération Lisieux Normandie'
		});
		const title = blocks[0] as Extract<Block, { kind: 'title' }>;
		expect(title.facts).toEqual([
			'Date\u00a0: 3 décembre 2026',
			'Lieu\u00a0: Lisieux',
			'Territoire\u00a0: Pays d’Auge',
			'Participants\u00a0: 3'
		]);
		// The synthesis runs to the next section (the participants).
		const end = blocks.findIndex((b, i) => i > 1 && b.kind === 'heading' && b.level === 2);
		expect(blocks[end]).toMatchObject({ text: 'Participants' });
		const synthesis = text(blocks.slice(1, end)).join('\n');
		expect(synthesis).toMatch(
			/^Synthèse\nDécisions\nOuvrir les comptages vélo sous licence ouverte\. \(.+, question 1\)\nProchaines étapes/
		);
		// Next steps by priority: the high one first, with who and when.
		expect(synthesis).toMatch(/Haute\njuin 2027\nDirection du numérique\nOuvrir les comptages vélo[^\n]*\nMoyenne/);
		expect(synthesis).toMatch(/1\. [^\n]+\u00a0: \d,?\d? sur 5 \(2 avis, de \d,?\d? à \d,?\d?\)/);
		expect(synthesis).toContain('2\u00a0participants ont donné leurs poids et leurs notes.');
		expect(synthesis).toContain('3\u00a0réponses sur 62');
		expect(synthesis).toMatch(
			/Clauses retenues\n[^\n]+ \(indispensable\)\n1\u00a0clause retenue comporte des points «\u00a0À vérifier\u00a0»/
		);
	});

	it('gives only what was said, and keeps the rest in the « version complète »’s annex', () => {
		const { doc } = referenceAtelier();
		const report = buildReport(doc);
		const all = text(reportBlocks(report)).join('\n');
		const unansweredQuestion = kit.grids[0]!.questions[5]!.text;
		const unansweredItem = kit.axes.flatMap((a) => a.items).find((i) => i.id === 'b1')!.text;
		expect(all).not.toContain(unansweredQuestion);
		expect(all).not.toContain(unansweredItem);
		expect(all).not.toContain('Sans réponse');
		const complete = text(reportBlocks(buildReport(doc, { complete: true }))).join('\n');
		expect(complete).toContain('Annexe\u00a0: questions et points sans réponse');
		for (const question of kit.grids[0]!.questions) expect(complete).toContain(question.text);
		for (const item of kit.axes.flatMap((a) => a.items)) expect(complete).toContain(item.text);
	});

	it('carries the kit’s « À vérifier » caveats into every format', async () => {
		const { doc } = referenceAtelier();
		const report = buildReport(doc);
		const clause = kit.clauseThemes.flatMap((t) => t.clauses).find((c) => c.id === 'd1')!;
		const item = kit.axes.flatMap((a) => a.items).find((i) => i.id === 'c2')!;
		expect(clause.toVerify?.length).toBeGreaterThan(0);
		const caveats = [...(clause.toVerify ?? []), ...(item.toVerify ?? [])];
		const all = text(reportBlocks(report)).join('\n');
		for (const caveat of caveats) expect(all).toContain(caveat);
		const markdown = reportMarkdown(report);
		const odt = strFromU8(unzipSync(reportOdt(report))['content.xml']!);
		const docx = strFromU8(unzipSync(await reportDocx(report))['word/document.xml']!);
		for (const caveat of caveats) {
			// Markdown escapes some signs; the XML formats escape quotes.
			const words = caveat.split(/[«»"’()]/)[0]!.trim();
			expect(markdown, caveat).toContain(words);
			expect(odt, caveat).toContain(words);
			expect(docx, caveat).toContain(words);
		}
		expect(odt).toContain('À vérifier\u00a0: ');
		// And the texts behind the legal facts: the point's references, the first structures' legal basis.
		for (const reference of item.references ?? []) expect(all).toContain(reference);
		const first = report.sheets.find((s) => s.kind === 'comparator');
		const top = first?.kind === 'comparator' ? first.ranking[0] : undefined;
		const vehicle = kit.vehicles.find((v) => v.title === top?.title);
		expect(vehicle?.legalBasis.length).toBeGreaterThan(0);
		for (const basis of vehicle?.legalBasis ?? []) expect(all).toContain(basis);
	});

	it('says how many took part instead of who, when asked', () => {
		const { doc } = referenceAtelier();
		const all = text(reportBlocks(buildReport(doc, { participantsAs: 'count' }))).join('\n');
		expect(all).toContain('Participants\u00a0: 3');
		expect(all).not.toContain('Élodie Durand');
	});

	it('writes French: no « (s) », no lone dash, typography applied', () => {
		const { doc } = referenceAtelier();
		for (const value of text(reportBlocks(buildReport(doc, { complete: true })))) {
			expect(value).not.toMatch(/\(s\)/);
			expect(value.trim()).not.toBe('—');
			expect(frenchTypography(value), value).toBe(value);
		}
	});

	it('adds a contents list to a full day of sheets, not to a one-sheet report', () => {
		const small = new Y.Doc();
		createAtelier(small, { title: 'Petit atelier', date: '', territory: '', place: '' }, { kitVersion: 'test' });
		const one = small.getMap('sheets').get(addSheet(small, gridFromKit(kit.grids[0]!))) as Y.Map<unknown>;
		setText(grid.ensureCell(one, grid.readGrid(one).rows[0]!.id, 'reponse'), 'Une seule réponse.');
		expect(reportBlocks(buildReport(small)).some((b) => b.kind === 'toc' || b.kind === 'pageBreak')).toBe(false);

		const doc = new Y.Doc();
		createAtelier(doc, { title: 'Journée complète', date: '2026-12-03', territory: '', place: '' }, { kitVersion: 'test' });
		for (const kitGrid of kit.grids) {
			const id = addSheet(doc, gridFromKit(kitGrid));
			const g = doc.getMap('sheets').get(id) as Y.Map<unknown>;
			for (const row of grid.readGrid(g).rows)
				setText(grid.ensureCell(g, row.id, 'reponse'), `Réponse détaillée du groupe à « ${row.question} », avec ses suites.`);
		}
		const blocks = reportBlocks(buildReport(doc));
		const toc = blocks.find((b): b is Extract<Block, { kind: 'toc' }> => b.kind === 'toc');
		expect(toc?.entries).toEqual([...kit.grids.map((g) => g.title), 'Sources']);
		// On page 2, after the synthesis.
		expect(blocks.indexOf(toc!)).toBe(blocks.findIndex((b) => b.kind === 'pageBreak') + 1);
	});
});

describe('the collectivité’s logo', () => {
	it('keeps a PNG or JPEG read from its own bytes, and puts it on every format’s title page', async () => {
		const { doc } = referenceAtelier();
		setLogo(doc, png(120, 40));
		expect(readLogo(doc)).toMatchObject({ type: 'image/png', width: 120, height: 40 });
		const report = buildReport(doc);
		expect(reportBlocks(report)[0]).toMatchObject({ kind: 'title', logo: { type: 'image/png', width: 120 } });
		const odt = unzipSync(reportOdt(report));
		expect(odt['Pictures/logo.png']).toEqual(png(120, 40));
		expect(strFromU8(odt['META-INF/manifest.xml']!)).toContain('manifest:full-path="Pictures/logo.png" manifest:media-type="image/png"');
		const docx = unzipSync(await reportDocx(report));
		expect(Object.keys(docx).some((name) => name.startsWith('word/media/') && docx[name]!.length === png(120, 40).length)).toBe(true);
	});

	it('refuses, in French, what is not a PNG or JPEG, and leaves the logo as it was', () => {
		const { doc } = referenceAtelier();
		setLogo(doc, png(10, 10));
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
		const truncated = png(10, 10).slice(0, 20);
		// A picture far larger than a logo in a few kilobytes (a decompression bomb), and one cut after its header.
		const huge = png(10, 10);
		new DataView(huge.buffer).setUint32(16, 20_000);
		const cut = png(10, 10).slice(0, -12);
		for (const bad of [svg, truncated, cut, huge, new Uint8Array(0), new TextEncoder().encode('GIF89a')]) {
			expect(() => setLogo(doc, bad)).toThrow(/n’est pas une image PNG ou JPEG lisible/);
		}
		expect(() => setLogo(doc, new Uint8Array(400 * 1024))).toThrow(
			/Ce logo pèse 400\u00a0Ko\u00a0: choisissez une image de 300\u00a0Ko au plus\./
		);
		expect(readLogo(doc)?.width).toBe(10);
		// Whatever a modified peer writes there is not shown.
		doc.getMap('meta').set('logo', svg);
		expect(readLogo(doc)).toBeNull();
		expect(buildReport(doc).logo).toBeNull();
	});

	it('reads a JPEG’s size from its frame header', () => {
		const jpeg = new Uint8Array([
			0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x28, 0x00, 0x78, 0x01, 0x01, 0x11, 0x00, 0xff,
			0xd9
		]);
		expect(readImage(jpeg)).toEqual({ type: 'image/jpeg', width: 120, height: 40 });
		// No end marker, or a segment that does not start where the previous one said: not an image.
		expect(readImage(jpeg.slice(0, -2))).toBeNull();
		const shifted = jpeg.slice();
		shifted[5] = 0x05;
		expect(readImage(shifted)).toBeNull();
	});

	it('names the collectivité, trimmed and bounded', () => {
		const { doc } = referenceAtelier();
		updateInfo(doc, { organisation: '  Département   du Calvados ' });
		expect(buildReport(doc).meta.organisation).toBe('Département du Calvados');
	});
});
