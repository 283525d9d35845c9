import { describe, expect, it } from 'vitest';
import { fileWritingProblems, stringFields, writingProblems } from './writing.ts';

describe('writing rules of the kit', () => {
	it('accepts typographic apostrophes, quotes and an apostrophe outside a word', () => {
		expect(writingProblems('text', "L’autorité concédante, aujourd’hui ; « Post-it » ; les élèves' notes")).toEqual([]);
	});

	it('names the word that holds a straight apostrophe', () => {
		expect(writingProblems('references[3]', "Loi n° 2019-1428 d'orientation des mobilités (LOM), art. 25")).toEqual([
			"champ « references[3] »\u00a0: apostrophe droite dans « d'orientation » (écrire l’apostrophe typographique ’)"
		]);
		expect(writingProblems('title', "Aujourd'hui")[0]).toContain("« Aujourd'hui »");
		expect(writingProblems('text', "Première ligne\nl'autre")[0]).toContain("« l'autre »");
	});

	it('refuses RGESN criteria ranked by number, and only those', () => {
		for (const text of ['Critères du RGESN retenus, au minimum ceux de priorité 1', 'Le RGESN, priorité n° 1 du marché'])
			expect(writingProblems('points[1]', text), text).toHaveLength(1);
		for (const text of [
			'Critères du RGESN retenus, au minimum les critères prioritaires',
			'Priorité 1 du plan d’action : former les agents'
		])
			expect(writingProblems('points[1]', text), text).toEqual([]);
	});

	it('applies the RGESN rule to every string of a file about the RGESN, not to other files', () => {
		const clause = { title: 'Écoconception des services numériques', points: ['Critères retenus, au minimum ceux de priorité 1'] };
		expect(fileWritingProblems(clause, '')).toEqual([
			'champ « points[1] »\u00a0: « priorité 1 »\u00a0: le RGESN 2024 classe ses critères « prioritaire », « recommandé » ou « modéré » (écrire par exemple « au minimum les critères prioritaires »)'
		]);
		expect(fileWritingProblems({ title: 'Matrice impact-effort', points: ['Les idées de priorité 1 passent en premier'] }, '')).toEqual([]);
	});

	it('walks every string of a front matter with 1-based paths', () => {
		expect(stringFields({ id: 'x', clauses: [{ points: ['a', 'b'] }], group: { min: 2 } })).toEqual([
			{ field: 'id', text: 'x' },
			{ field: 'clauses[1].points[1]', text: 'a' },
			{ field: 'clauses[1].points[2]', text: 'b' }
		]);
	});

	it('checks the body, but not its code', () => {
		expect(fileWritingProblems({}, "Texte\n\n```\nl'exemple\n```\n\net `c'est` du code.")).toEqual([]);
		expect(fileWritingProblems({}, "C'est faux.")).toEqual([
			"corps du texte\u00a0: apostrophe droite dans « C'est » (écrire l’apostrophe typographique ’)"
		]);
	});
});
