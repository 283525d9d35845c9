import { describe, expect, it } from 'vitest';
import { frenchTypography } from './french.ts';

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
