import { describe, expect, it } from 'vitest';
import { radarGeometry, rankingGeometry } from './charts.ts';

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
});

describe('ranking geometry', () => {
	it('scales bars and whiskers on 0–5', () => {
		const g = rankingGeometry(
			[
				{ title: 'SCIC', mean: 5, min: 4, max: 5 },
				{ title: 'Régie', mean: 2.5, min: 2.5, max: 2.5 }
			],
			560
		);
		expect(g.scale).toBe(62);
		expect(g.bars[0]).toMatchObject({ width: 310, min: 448, max: 510, value: '5' });
		expect(g.bars[1]).toMatchObject({ width: 155, value: '2,5' });
		expect(g.height).toBe(76);
	});
});
