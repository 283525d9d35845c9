// Geometry of the report's charts, computed once and drawn by the SVG components in
// src/lib/components/charts (on screen and in the printable report). Pure functions, no DOM.
import { decimalText } from '$lib/shared/french';

export interface RadarAxis {
	label: string;
	/** 0 to 1, or null when nothing applies yet. */
	value: number | null;
}

export interface RadarGeometry {
	size: number;
	centre: number;
	rings: string[];
	spokes: { x: number; y: number }[];
	area: string;
	labels: { x: number; y: number; anchor: 'start' | 'middle' | 'end'; text: string }[];
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A radar of axis scores: rings at 25 % steps, one spoke per axis, the scores as a polygon. */
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
	return {
		size,
		centre,
		rings: [0.25, 0.5, 0.75, 1].map((f) => polygon(() => radius * f)),
		spokes: axes.map((_, i) => point(i, radius)),
		area: polygon((i) => radius * (axes[i]?.value ?? 0)),
		labels: axes.map((axis, i) => {
			const p = point(i, radius + 18);
			const cos = Math.cos(angle(i));
			return { ...p, anchor: Math.abs(cos) < 0.3 ? 'middle' : cos > 0 ? 'start' : 'end', text: axis.label };
		})
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
	label: string;
	y: number;
	/** Bar from 0 to the mean, and the whisker from min to max, in x coordinates. */
	width: number;
	min: number;
	max: number;
	value: string;
}

/** Horizontal bars of the comparator's ranking (0 to 5), with the spread of opinions as whiskers. */
export function rankingGeometry(
	rows: readonly RankingRow[],
	width = 560
): { width: number; height: number; left: number; scale: number; bars: RankingBar[] } {
	const left = 200;
	const scale = (width - left - 50) / 5;
	const bars = rows.map((row, i) => ({
		label: row.title,
		y: 10 + i * 28,
		width: round(row.mean * scale),
		min: round(left + row.min * scale),
		max: round(left + row.max * scale),
		value: decimalText(row.mean)
	}));
	return { width, height: 20 + rows.length * 28, left, scale, bars };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The radar as a standalone SVG file, for the DOCX and ODT reports (the screen uses RadarChart.svelte). */
export function radarSvg(axes: readonly RadarAxis[]): { svg: string; width: number; height: number } {
	const g = radarGeometry(axes);
	const parts = [
		...g.rings.map((ring) => `<polygon points="${ring}" fill="none" stroke="#d1d5db"/>`),
		...g.spokes.map((s) => `<line x1="${g.centre}" y1="${g.centre}" x2="${s.x}" y2="${s.y}" stroke="#d1d5db"/>`),
		`<polygon points="${g.area}" fill="#1b4d89" fill-opacity="0.25" stroke="#1b4d89" stroke-width="2"/>`,
		...g.labels.map(
			(l) =>
				`<text x="${l.x}" y="${l.y + 4}" text-anchor="${l.anchor}" font-family="Liberation Sans, Arial, sans-serif" font-size="12" fill="#1f2937">${escapeXml(l.text)}</text>`
		)
	];
	return {
		svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${g.size}" height="${g.size}" viewBox="0 0 ${g.size} ${g.size}">${parts.join('')}</svg>`,
		width: g.size,
		height: g.size
	};
}

/** The ranking as a standalone SVG file (the screen uses RankingChart.svelte). */
export function rankingSvg(rows: readonly RankingRow[]): { svg: string; width: number; height: number } {
	const g = rankingGeometry(rows);
	const parts = g.bars.flatMap((b) => [
		`<text x="${g.left - 8}" y="${b.y + 13}" text-anchor="end" font-family="Liberation Sans, Arial, sans-serif" font-size="12" fill="#1f2937">${escapeXml(b.label)}</text>`,
		`<rect x="${g.left}" y="${b.y}" width="${b.width}" height="18" fill="#1b4d89"/>`,
		b.max > b.min ? `<line x1="${b.min}" x2="${b.max}" y1="${b.y + 9}" y2="${b.y + 9}" stroke="#a4161a" stroke-width="2"/>` : '',
		`<text x="${g.left + b.width + 6}" y="${b.y + 13}" font-family="Liberation Sans, Arial, sans-serif" font-size="12" fill="#1f2937">${escapeXml(b.value)}</text>`
	]);
	return {
		svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}">${parts.join('')}</svg>`,
		width: g.width,
		height: g.height
	};
}
