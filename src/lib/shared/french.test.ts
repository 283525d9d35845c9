import { describe, expect, it } from 'vitest';
import { frenchTypography, typesetAll } from './french.ts';

const N = '\u00a0';

describe('frenchTypography', () => {
	it.each([
		['Pourquoi ?', `Pourquoi${N}?`],
		['Attention : voici', `Attention${N}: voici`],
		['un ; deux', `un${N}; deux`],
		['Enfin !', `Enfin${N}!`],
		['« le kit »', `«${N}le kit${N}»`],
		['«le kit»', `«${N}le kit${N}»`],
		['Pourquoi?', `Pourquoi${N}?`],
		['Vraiment?!', `Vraiment${N}?!`],
		['Note: ceci', `Note${N}: ceci`],
		['Deux espaces  ?', `Deux espaces${N}?`]
	])('%j', (input, expected) => {
		expect(frenchTypography(input)).toBe(expected);
	});

	it.each(['https://exemple.fr/a?b=1', 'réunion à 14:30', 'ratio 3:2', 'déjà correct', `Déjà${N}?`, 'code_x;y'])(
		'leaves %j unchanged',
		(input) => {
			expect(frenchTypography(input)).toBe(input);
		}
	);

	it('is idempotent', () => {
		const once = frenchTypography('« Pourquoi ? » : parce que ; voilà !');
		expect(frenchTypography(once)).toBe(once);
	});
});

describe('French formats', () => {
	it('write dates, durations, percentages, decimals and counts the French way', async () => {
		const { countText, decimalText, durationText, longDate, percentText } = await import('./french.ts');
		expect(longDate('2026-12-03')).toBe('3 décembre 2026');
		expect(longDate('2026-12-01')).toBe('1er décembre 2026');
		expect(longDate('')).toBe('');
		expect(longDate('pas une date')).toBe('');
		// Written by hand (no Intl on the atelier page's first paint): every month as the platform's French writes it.
		for (let month = 1; month <= 12; month++) {
			const iso = `2027-${String(month).padStart(2, '0')}-15`;
			expect(longDate(iso)).toBe(new Date(`${iso}T12:00:00`).toLocaleDateString('fr-FR', { dateStyle: 'long' }));
		}
		const { deadlineText } = await import('./french.ts');
		expect(['2027-03', '2027-03-15', '2027-03-01', 'fin du 1er trimestre', '', '2027-13', '2027-02-30'].map(deadlineText)).toEqual([
			'mars 2027',
			'15 mars 2027',
			'1er mars 2027',
			'fin du 1er trimestre',
			'',
			'2027-13',
			'2027-02-30'
		]);
		expect([45, 60, 90, 225].map(durationText)).toEqual([`45${N}min`, `1${N}h`, `1${N}h${N}30`, `3${N}h${N}45`]);
		expect(percentText(0.704)).toBe(`70${N}%`);
		expect(percentText(null)).toBe('—');
		expect(decimalText(3.25)).toBe('3,3');
		expect([0, 1, 2].map((n) => countText(n, 'réponse'))).toEqual([`0${N}réponse`, `1${N}réponse`, `2${N}réponses`]);
	});
});

describe('coverageText', () => {
	it('never gives a score without how much was answered', async () => {
		const { coverageText } = await import('./french.ts');
		expect(coverageText({ answered: 0, applicable: 0, total: 62, score: null })).toBe('Aucune réponse sur 62');
		expect(coverageText({ answered: 1, applicable: 1, total: 62, score: 1 })).toBe(
			`1${N}réponse sur 62${N}; score sur les réponses données${N}: 100${N}%`
		);
		expect(coverageText({ answered: 5, applicable: 4, total: 62, score: 0.7 })).toBe(
			`5${N}réponses sur 62${N}; score sur les réponses données${N}: 70${N}%`
		);
		expect(coverageText({ answered: 1, applicable: 0, total: 10, score: null })).toBe(`1${N}réponse sur 10, «${N}sans objet${N}»`);
		expect(coverageText({ answered: 2, applicable: 0, total: 10, score: null })).toBe(`2${N}réponses sur 10, toutes «${N}sans objet${N}»`);
	});
});

describe('typesetAll', () => {
	it('typesets every string of nested arrays and objects, and keeps numbers, nulls and bytes as they are', () => {
		const bytes = new Uint8Array([1, 2]);
		expect(typesetAll({ a: 'Note : oui', b: ['« x »', 3, null], c: { d: 'Quoi ?' }, e: bytes })).toEqual({
			a: 'Note\u00a0: oui',
			b: ['«\u00a0x\u00a0»', 3, null],
			c: { d: 'Quoi\u00a0?' },
			e: bytes
		});
	});
});
