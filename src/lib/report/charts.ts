// Geometry of the report's charts, computed once and drawn by the SVG components in
// src/lib/components/charts (on screen and in the printable report) and as SVG files (DOCX, ODT).
// Pure functions, no DOM. Labels are measured (see textWidth) and wrapped, and every chart's view box
// is computed from what it draws: no label is ever cut (issue 14).
import { decimalText } from '$lib/shared/french';

/** Font size of chart labels, in SVG units. */
export const LABEL_SIZE = 12;
/** The fonts labels are measured for (metric-compatible with Arial; Helvetica and Roboto are no wider). */
export const LABEL_FONT = 'Liberation Sans, Arial, Helvetica, Roboto, sans-serif';
const LINE_HEIGHT = 15;

// Advance widths of Liberation Sans / Arial (metric-compatible), in em, rounded up: a label measured here is
// never narrower than drawn in those fonts, and the system sans-serif fonts of tablets are no wider.
const NARROW = new Set([..."iljtfrI.,;:!'|’()[]-"]);
const WIDE = new Set([...'mwMWŒœÆæ@%']);
function charEm(ch: string): number {
	if (ch === ' ' || ch === '\u00a0') return 0.28;
	if (NARROW.has(ch)) return 0.34;
	if (WIDE.has(ch)) return 0.95;
	if (/[A-ZÀ-ÖØ-Þ]/.test(ch)) return 0.73;
	return 0.57;
}

/** Width of `text` in SVG units at `size`, never less than drawn in Liberation Sans or Arial. */
export function textWidth(text: string, size = LABEL_SIZE): number {
	let em = 0;
	for (const ch of text) em += charEm(ch);
	return em * size;
}

/** `text` in lines of at most `maxWidth` (words kept whole unless one alone is wider). */
export function wrapLabel(text: string, maxWidth: number, size = LABEL_SIZE): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (textWidth(candidate, size) <= maxWidth) {
			line = candidate;
			continue;
		}
		if (line) lines.push(line);
		// A word wider than a line on its own is cut into pieces that fit.
		let rest = word;
		while (textWidth(rest, size) > maxWidth) {
			let cut = rest.length - 1;
			while (cut > 1 && textWidth(rest.slice(0, cut), size) > maxWidth) cut--;
			lines.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		line = rest;
	}
	if (line) lines.push(line);
	return lines.length > 0 ? lines : [''];
}

/** The box an SVG draws in: its view box, and the size it is shown at (the same units). */
export interface ViewBox {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface RadarAxis {
	label: string;
	/** 0 to 1, or null when nothing applies yet. */
	value: number | null;
}

export interface ChartLabel {
	x: number;
	/** Baseline of the first line. */
	y: number;
	anchor: 'start' | 'middle' | 'end';
	lines: string[];
	/** The label's box, for tests and the view box. */
	box: ViewBox;
}

export interface RadarGeometry {
	size: number;
	centre: number;
	rings: string[];
	spokes: { x: number; y: number }[];
	area: string;
	labels: ChartLabel[];
	view: ViewBox;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The box of a label's lines drawn from (x, first baseline) with this anchor. */
function labelBox(x: number, y: number, anchor: ChartLabel['anchor'], lines: readonly string[]): ViewBox {
	const width = Math.max(...lines.map((l) => textWidth(l)));
	const left = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
	// From the ascent of the first line to the descent of the last.
	return { x: left, y: y - LABEL_SIZE, width, height: LABEL_SIZE * 1.25 + (lines.length - 1) * LINE_HEIGHT };
}

/** The smallest box holding all of these, with a margin. */
function union(boxes: readonly ViewBox[], margin = 4): ViewBox {
	const x = Math.min(...boxes.map((b) => b.x)) - margin;
	const y = Math.min(...boxes.map((b) => b.y)) - margin;
	const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
	const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
	return { x: Math.floor(x), y: Math.floor(y), width: Math.ceil(right - Math.floor(x)), height: Math.ceil(bottom - Math.floor(y)) };
}

/** Labels of a radar wrap at this width: long axis names take two or three lines, never a cut. */
const RADAR_LABEL_WIDTH = 130;

/** A radar of axis scores: rings at 25 % steps, one spoke per axis, the scores as a polygon, labels around. */
export function radarGeometry(axes: readonly RadarAxis[], size = 320): RadarGeometry {
	const centre = size / 2;
	const radius = size / 2 - 60;
	const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(axes.length, 1);
	const point = (i: number, r: number) => ({ x: round(centre + r * Math.cos(angle(i))), y: round(centre + r * Math.sin(angle(i))) });
	const polygon = (r: (i: number) => number) =>
		axes
			.map((_, i) => point(i, r(i)))
			.map((p) => `${p.x},${p.y}`)
			.join(' ');
	const labels = axes.map((axis, i): ChartLabel => {
		const p = point(i, radius + 14);
		const cos = Math.cos(angle(i));
		const sin = Math.sin(angle(i));
		const anchor = Math.abs(cos) < 0.3 ? 'middle' : cos > 0 ? 'start' : 'end';
		const lines = wrapLabel(axis.label, RADAR_LABEL_WIDTH);
		const height = (lines.length - 1) * LINE_HEIGHT;
		// Above the chart the block grows upwards, below it downwards, at the sides around the spoke's end.
		const y = round(sin < -0.3 ? p.y - height : sin > 0.3 ? p.y + LABEL_SIZE : p.y + LABEL_SIZE / 2 - height / 2);
		return { x: p.x, y, anchor, lines, box: labelBox(p.x, y, anchor, lines) };
	});
	return {
		size,
		centre,
		rings: [0.25, 0.5, 0.75, 1].map((f) => polygon(() => radius * f)),
		spokes: axes.map((_, i) => point(i, radius)),
		area: polygon((i) => radius * (axes[i]?.value ?? 0)),
		labels,
		view: union([{ x: centre - radius, y: centre - radius, width: 2 * radius, height: 2 * radius }, ...labels.map((l) => l.box)])
	};
}

/** One structure of a ranking: its mean weighted score and the spread of opinions, on 0–5. */
export interface RankingRow {
	title: string;
	mean: number;
	min: number;
	max: number;
}

export interface RankingBar {
	lines: string[];
	/** Top of the row. */
	y: number;
	/** Baseline of the label's first line. */
	labelY: number;
	/** Top of the bar. */
	barY: number;
	/** Bar from 0 to the mean, and the whisker from min to max, in x coordinates. */
	width: number;
	min: number;
	max: number;
	value: string;
}

/** Names of a ranking wrap at this width. */
const RANKING_LABEL_WIDTH = 220;
const BAR_HEIGHT = 18;

/** Horizontal bars of the comparator's ranking (0 to 5), with the spread of opinions as whiskers. */
export function rankingGeometry(
	rows: readonly RankingRow[],
	width = 560
): { width: number; height: number; left: number; scale: number; bars: RankingBar[]; view: ViewBox } {
	const wrapped = rows.map((row) => wrapLabel(row.title, RANKING_LABEL_WIDTH));
	// The label column is as wide as its widest line, so the bars start right after it.
	const left = Math.ceil(Math.max(40, ...wrapped.flat().map((l) => textWidth(l))) + 12);
	const scale = (width - left - 50) / 5;
	let y = 10;
	const bars = rows.map((row, i): RankingBar => {
		const lines = wrapped[i] ?? [''];
		const rowHeight = Math.max(BAR_HEIGHT, lines.length * LINE_HEIGHT) + 10;
		const top = y;
		y += rowHeight;
		const textHeight = (lines.length - 1) * LINE_HEIGHT;
		return {
			lines,
			y: top,
			labelY: round(top + (rowHeight - 10) / 2 - textHeight / 2 + 4),
			barY: round(top + (rowHeight - 10 - BAR_HEIGHT) / 2),
			width: round(row.mean * scale),
			min: round(left + row.min * scale),
			max: round(left + row.max * scale),
			value: decimalText(row.mean)
		};
	});
	const height = y + 10;
	return { width, height, left, scale, bars, view: { x: 0, y: 0, width, height } };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FONT = `font-family="${LABEL_FONT}" font-size="${LABEL_SIZE}" fill="#1f2937"`;

/** A label's lines as SVG text. */
function textLines(x: number, y: number, anchor: string, lines: readonly string[]): string {
	const spans = lines.map((line, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : LINE_HEIGHT}">${escapeXml(line)}</tspan>`).join('');
	return `<text x="${x}" y="${y}" text-anchor="${anchor}" ${FONT}>${spans}</text>`;
}

const svgFile = (view: ViewBox, parts: readonly string[]) => ({
	svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${view.width}" height="${view.height}" viewBox="${view.x} ${view.y} ${view.width} ${view.height}">${parts.join('')}</svg>`,
	width: view.width,
	height: view.height
});

/** The radar as a standalone SVG file, for the DOCX and ODT reports (the screen uses RadarChart.svelte). */
export function radarSvg(axes: readonly RadarAxis[]): { svg: string; width: number; height: number } {
	const g = radarGeometry(axes);
	return svgFile(g.view, [
		...g.rings.map((ring) => `<polygon points="${ring}" fill="none" stroke="#d1d5db"/>`),
		...g.spokes.map((s) => `<line x1="${g.centre}" y1="${g.centre}" x2="${s.x}" y2="${s.y}" stroke="#d1d5db"/>`),
		`<polygon points="${g.area}" fill="#1b4d89" fill-opacity="0.25" stroke="#1b4d89" stroke-width="2"/>`,
		...g.labels.map((l) => textLines(l.x, l.y, l.anchor, l.lines))
	]);
}

/** One polygon per series on shared axes (several ateliers' checklist scores), in these colours, with a legend. */
export const SERIES_COLOURS = ['#1b4d89', '#a4161a', '#2d6a4f', '#7b2cbf', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];

export interface RadarSeries {
	label: string;
	/** Per axis, 0 to 1, or null when nothing applies. */
	values: (number | null)[];
}

export interface RadarsGeometry extends Omit<RadarGeometry, 'area'> {
	areas: { points: string; colour: string; dash: string }[];
	legend: { x: number; y: number; colour: string; dash: string; label: string }[];
}

/** Series beyond the palette reuse its colours with a dash pattern per round, so no two series look the same. */
const SERIES_DASHES = ['', '6 3', '2 2', '8 3 2 3'];

export function radarsGeometry(axes: readonly string[], series: readonly RadarSeries[], size = 320): RadarsGeometry {
	const base = radarGeometry(
		axes.map((label) => ({ label, value: null })),
		size
	);
	const areas = series.map((s, i) => ({
		points: radarGeometry(
			axes.map((label, k) => ({ label, value: s.values[k] ?? null })),
			size
		).area,
		colour: SERIES_COLOURS[i % SERIES_COLOURS.length]!,
		dash: SERIES_DASHES[Math.floor(i / SERIES_COLOURS.length) % SERIES_DASHES.length]!
	}));
	const top = base.view.y + base.view.height + 8;
	const legend = series.map((s, i) => ({
		x: base.view.x + 4,
		y: top + i * LINE_HEIGHT + LABEL_SIZE,
		colour: areas[i]!.colour,
		dash: areas[i]!.dash,
		label: s.label
	}));
	const legendBoxes = legend.map((l) => ({ x: l.x, y: l.y - LABEL_SIZE, width: 22 + textWidth(l.label), height: LINE_HEIGHT }));
	const { area: _area, ...rest } = base;
	return { ...rest, areas, legend, view: union([base.view, ...legendBoxes], 0) };
}

export function radarsSvg(axes: readonly string[], series: readonly RadarSeries[]): { svg: string; width: number; height: number } {
	const g = radarsGeometry(axes, series);
	return svgFile(g.view, [
		...g.rings.map((ring) => `<polygon points="${ring}" fill="none" stroke="#d1d5db"/>`),
		...g.spokes.map((s) => `<line x1="${g.centre}" y1="${g.centre}" x2="${s.x}" y2="${s.y}" stroke="#d1d5db"/>`),
		...g.areas.map(
			(a) =>
				`<polygon points="${a.points}" fill="${a.colour}" fill-opacity="0.08" stroke="${a.colour}" stroke-width="2"${a.dash ? ` stroke-dasharray="${a.dash}"` : ''}/>`
		),
		...g.labels.map((l) => textLines(l.x, l.y, l.anchor, l.lines)),
		...g.legend.flatMap((l) => [
			`<line x1="${l.x}" x2="${l.x + 16}" y1="${l.y - 4}" y2="${l.y - 4}" stroke="${l.colour}" stroke-width="3"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`,
			textLines(l.x + 22, l.y, 'start', [l.label])
		])
	]);
}

/** The ranking as a standalone SVG file (the screen uses RankingChart.svelte). */
export function rankingSvg(rows: readonly RankingRow[]): { svg: string; width: number; height: number } {
	const g = rankingGeometry(rows);
	return svgFile(
		g.view,
		g.bars.flatMap((b) => [
			textLines(g.left - 8, b.labelY, 'end', b.lines),
			`<rect x="${g.left}" y="${b.barY}" width="${b.width}" height="${BAR_HEIGHT}" fill="#1b4d89"/>`,
			b.max > b.min ? `<line x1="${b.min}" x2="${b.max}" y1="${b.barY + 9}" y2="${b.barY + 9}" stroke="#a4161a" stroke-width="2"/>` : '',
			`<text x="${g.left + b.width + 6}" y="${b.barY + 13}" ${FONT}>${escapeXml(b.value)}</text>`
		])
	);
}
