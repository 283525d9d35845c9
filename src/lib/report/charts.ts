// Geometry of the report's charts, computed once and drawn by the SVG components in
// src/lib/components/charts (on screen and in the printable report). Pure functions, no DOM.

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
	const polygon = (r: (i: number) => number) => axes.map((_, i) => point(i, r(i))).map((p) => `${p.x},${p.y}`).join(' ');
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
export function rankingGeometry(rows: readonly { title: string; mean: number; min: number; max: number }[], width = 560): { width: number; height: number; left: number; scale: number; bars: RankingBar[] } {
	const left = 200;
	const scale = (width - left - 50) / 5;
	const bars = rows.map((row, i) => ({
		label: row.title,
		y: 10 + i * 28,
		width: round(row.mean * scale),
		min: round(left + row.min * scale),
		max: round(left + row.max * scale),
		value: row.mean.toLocaleString('fr-FR', { maximumFractionDigits: 1 })
	}));
	return { width, height: 20 + rows.length * 28, left, scale, bars };
}
