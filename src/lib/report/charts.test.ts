import { describe, expect, it } from 'vitest';
import { getKit } from '$lib/content/kit.server';
import { radarGeometry, radarSvg, rankingGeometry, rankingSvg, textWidth, wrapLabel, type ViewBox } from './charts.ts';

const inside = (box: ViewBox, view: ViewBox) =>
	box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.width && box.y + box.height <= view.y + view.height;

describe('radar geometry', () => {
	it('puts one spoke per axis, the first straight up, and a full score on the outer ring', () => {
		const g = radarGeometry(
			[
				{ label: 'A', value: 1 },
				{ label: 'B', value: 0.5 },
				{ label: 'C', value: null },
				{ label: 'D', value: 0 }
			],
			320
		);
		expect(g.spokes).toHaveLength(4);
		expect(g.spokes[0]).toEqual({ x: 160, y: 60 });
		expect(g.area.split(' ')[0]).toBe('160,60');
		// B at half the radius to the right; C (no answer) and D at the centre.
		expect(g.area.split(' ')[1]).toBe('210,160');
		expect(g.area.split(' ').slice(2)).toEqual(['160,160', '160,160']);
		expect(g.labels.map((l) => l.anchor)).toEqual(['middle', 'start', 'middle', 'end']);
		expect(g.rings).toHaveLength(4);
	});

	it('keeps every label of the kit’s six axes whole and inside the drawing (the issue saw « B. Enviror », « veraineté »)', () => {
		const axes = getKit().axes.map((a) => ({ label: `${a.code}. ${a.title}`, value: 0.5 }));
		const g = radarGeometry(axes);
		for (const label of g.labels) {
			expect(inside(label.box, g.view), label.lines.join(' ')).toBe(true);
			for (const line of label.lines) expect(textWidth(line)).toBeLessThanOrEqual(130);
		}
		// Wrapping only moves words to the next line: nothing is dropped.
		expect(g.labels.map((l) => l.lines.join(' '))).toEqual(axes.map((a) => a.label));
		expect(radarSvg(axes).svg).toContain(`viewBox="${g.view.x} ${g.view.y} ${g.view.width} ${g.view.height}"`);
	});
});

describe('ranking geometry', () => {
	it('scales bars and whiskers on 0–5, after a label column as wide as its widest name', () => {
		const g = rankingGeometry(
			[
				{ title: 'SCIC', mean: 5, min: 4, max: 5 },
				{ title: 'Régie', mean: 2.5, min: 2.5, max: 2.5 }
			],
			560
		);
		expect(g.left).toBe(52);
		expect(g.bars[0]).toMatchObject({ width: round(5 * g.scale), min: round(g.left + 4 * g.scale), value: '5' });
		expect(g.bars[1]).toMatchObject({ width: round(2.5 * g.scale), value: '2,5' });
	});

	it('wraps the kit’s long structure names (« Groupement d’intérêt public (GIP) ») instead of cutting them', () => {
		const rows = getKit().vehicles.map((v, i) => ({ title: v.title, mean: i % 6, min: 0, max: 5 }));
		const g = rankingGeometry(rows);
		expect(g.bars.map((b) => b.lines.join(' '))).toEqual(rows.map((r) => r.title.split(/\s+/).join(' ')));
		for (const bar of g.bars) {
			// Each line ends at the column's right edge, so it starts at or after the drawing's left edge.
			for (const line of bar.lines) expect(g.left - 8 - textWidth(line)).toBeGreaterThanOrEqual(0);
			expect(g.left + bar.width + 6 + textWidth(bar.value)).toBeLessThanOrEqual(g.view.width);
		}
		expect(g.height).toBe(g.view.height);
		expect(rankingSvg(rows).svg).toContain('<tspan');
	});
});

describe('measured labels', () => {
	it('wraps on spaces, cuts only a word longer than a line, and keeps every character', () => {
		expect(wrapLabel('Société publique locale', 100)).toEqual(['Société publique', 'locale']);
		const long = 'Anticonstitutionnellement'.repeat(3);
		const lines = wrapLabel(long, 80);
		expect(lines.join('')).toBe(long);
		for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(80);
		expect(wrapLabel('', 80)).toEqual(['']);
	});

	it('never measures a label narrower than Arial draws it (advance widths at 12 px)', () => {
		// Arial: « W » 0.944 em, « m » 0.833, « a » 0.556, « i » 0.222, capital « S » 0.667, space 0.278.
		expect(textWidth('W')).toBeGreaterThanOrEqual(0.944 * 12);
		expect(textWidth('m')).toBeGreaterThanOrEqual(0.833 * 12);
		expect(textWidth('a')).toBeGreaterThanOrEqual(0.556 * 12);
		expect(textWidth('S')).toBeGreaterThanOrEqual(0.667 * 12);
		expect(textWidth('i ')).toBeGreaterThanOrEqual((0.222 + 0.278) * 12);
	});
});

const round = (n: number) => Math.round(n * 10) / 10;
