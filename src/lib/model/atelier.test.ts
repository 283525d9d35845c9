import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { frenchTypography } from '../shared/french.ts';
import {
	addSheet,
	COLOURS,
	createAtelier,
	getSheet,
	isAtelier,
	joinRoster,
	listSheets,
	moveSheet,
	readMeta,
	readRoster,
	removeSheet,
	renameParticipant,
	renameSheet,
	SCHEMA_VERSION,
	setRole,
	sheetIds,
	updateInfo,
	type Role
} from './atelier.ts';
import { ModelError } from './errors.ts';
import { CHECKLIST, COMPARATOR, GRID, INVENTORY, fork, newAtelier, snapshot, syncAll } from './test-helpers.ts';

describe('atelier', () => {
	it('creates an atelier with its meta', () => {
		const doc = newAtelier();
		expect(isAtelier(doc)).toBe(true);
		expect(readMeta(doc)).toEqual({
			title: 'Atelier test',
			date: '2026-11-23',
			territory: 'Agglo test',
			place: 'Salle du conseil',
			organisation: '',
			kitVersion: 'test',
			createdAt: '2026-11-23T09:00:00.000Z',
			schemaVersion: SCHEMA_VERSION
		});
	});

	it('refuses bad info in French and leaves the doc untouched', () => {
		const doc = newAtelier();
		const before = snapshot(doc);
		expect(() => updateInfo(doc, { title: '   ' })).toThrow(new ModelError('Donnez un titre à l’atelier.'));
		expect(() => updateInfo(doc, { date: '23/11/2026' })).toThrow(/AAAA-MM-JJ/);
		expect(() => updateInfo(doc, { title: 'x'.repeat(121) })).toThrow(/120 caractères/);
		expect(() => createAtelier(doc, { title: 'Autre', date: '', territory: '', place: '' }, { kitVersion: 'x' })).toThrow(
			/déjà un atelier/
		);
		expect(snapshot(doc)).toEqual(before);
	});

	it('is not an atelier until the meta has arrived', () => {
		expect(isAtelier(new Y.Doc())).toBe(false);
	});

	it('updates info, trimmed', () => {
		const doc = newAtelier();
		updateInfo(doc, { title: '  Atelier n° 2 ', place: ' Mairie ' });
		expect(readMeta(doc)).toMatchObject({ title: 'Atelier n° 2', place: 'Mairie' });
	});
});

describe('roster', () => {
	it('gives each participant a distinct colour and keeps them across renames', () => {
		const doc = newAtelier();
		const colours = ['p1', 'p2', 'p3'].map((id, i) =>
			joinRoster(doc, { id, name: `Personne ${i}`, role: 'participant' }, new Date(2026, 0, 1, 9, i))
		);
		expect(new Set(colours).size).toBe(3);
		expect(colours.every((c) => (COLOURS as readonly string[]).includes(c))).toBe(true);
		renameParticipant(doc, 'p2', '  Camille   Martin ');
		setRole(doc, 'p1', 'animateur');
		expect(joinRoster(doc, { id: 'p3', name: 'Personne 3 bis', role: 'observateur' })).toBe(colours[2]);
		expect(readRoster(doc).map((p) => [p.id, p.name, p.role])).toEqual([
			['p1', 'Personne 0', 'animateur'],
			['p2', 'Camille Martin', 'participant'],
			['p3', 'Personne 3 bis', 'observateur']
		]);
	});

	it('has one animateur: a second one is refused, by joining or by a role change', () => {
		const doc = newAtelier();
		joinRoster(doc, { id: 'anne', name: 'Anne', role: 'animateur' });
		joinRoster(doc, { id: 'bruno', name: 'Bruno', role: 'participant' });
		const before = Y.encodeStateAsUpdate(doc);
		expect(() => joinRoster(doc, { id: 'bruno', name: 'Bruno', role: 'animateur' })).toThrow(/déjà un animateur/);
		expect(() => joinRoster(doc, { id: 'intrus', name: 'Intrus', role: 'animateur' })).toThrow(/déjà un animateur/);
		expect(() => setRole(doc, 'bruno', 'animateur')).toThrow(/déjà un animateur/);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		joinRoster(doc, { id: 'anne', name: 'Anne M.', role: 'animateur' });
		expect(readRoster(doc).find((p) => p.id === 'anne')?.name).toBe('Anne M.');
	});

	it('refuses an empty or overlong name and an unknown role', () => {
		const doc = newAtelier();
		expect(() => joinRoster(doc, { id: 'p', name: ' ', role: 'participant' })).toThrow('Indiquez un nom à afficher.');
		expect(() => joinRoster(doc, { id: 'p', name: 'x'.repeat(41), role: 'participant' })).toThrow(/40 caractères/);
		expect(() => joinRoster(doc, { id: 'p', name: 'Ok', role: 'chef' as Role })).toThrow(frenchTypography('Rôle inconnu « chef ».'));
		expect(() => renameParticipant(doc, 'absent', 'X')).toThrow('Participant inconnu.');
		expect(readRoster(doc)).toEqual([]);
	});

	it('writes its messages with French typography', () => {
		const doc = newAtelier();
		expect(() => joinRoster(doc, { id: 'p', name: 'Ok', role: 'chef' as Role })).toThrow('Rôle inconnu «\u00a0chef\u00a0».');
	});
});

describe('sheets', () => {
	it('adds sheets in order, with completion, and keeps a copy of the template', () => {
		const doc = newAtelier();
		const template = structuredClone(GRID);
		const g = addSheet(doc, template);
		const c = addSheet(doc, CHECKLIST, { title: 'NR — matin' });
		template.questions[0]!.text = 'changed after the fact';
		expect(listSheets(doc).map((s) => [s.id, s.type, s.title, s.completion])).toEqual([
			[g, 'grid', 'Grille — besoins', 0],
			[c, 'checklist', 'NR — matin', 0]
		]);
		expect((getSheet(doc, g).get('template') as typeof GRID).questions[0]?.text).toBe('Quel problème résout-on ?');
	});

	it('renames, moves and removes sheets', () => {
		const doc = newAtelier();
		const [a, b, c] = [addSheet(doc, GRID), addSheet(doc, CHECKLIST), addSheet(doc, INVENTORY)];
		moveSheet(doc, c, 0);
		expect(sheetIds(doc)).toEqual([c, a, b]);
		renameSheet(doc, a, 'Besoins (après-midi)');
		removeSheet(doc, b);
		expect(listSheets(doc).map((s) => s.title)).toEqual(['Inventaire', 'Besoins (après-midi)']);
		expect(() => getSheet(doc, b)).toThrow('Cette fiche n’existe plus dans l’atelier.');
		expect(() => renameSheet(doc, a, ' ')).toThrow('Donnez un titre à la fiche.');
	});

	it('writes nothing when a template is refused', () => {
		const doc = newAtelier();
		const before = snapshot(doc);
		expect(() => addSheet(doc, { ...COMPARATOR, vehicles: [] })).toThrow(/au moins un critère et une structure/);
		expect(() => addSheet(doc, { ...GRID, title: ' ' })).toThrow('Donnez un titre à la fiche.');
		expect(snapshot(doc)).toEqual(before);
	});

	it('converges when two devices reorder and add sheets at the same time', () => {
		const a = newAtelier(1);
		const [s1, s2, s3] = [addSheet(a, GRID), addSheet(a, CHECKLIST), addSheet(a, INVENTORY)];
		const b = fork(a, 2);
		moveSheet(a, s3, 0);
		moveSheet(b, s1, 2);
		const s4 = addSheet(b, GRID, { title: 'Nouvelle grille' });
		removeSheet(a, s2);
		syncAll(a, b);
		expect(snapshot(a)).toEqual(snapshot(b));
		const ids = sheetIds(a);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual([s1, s3, s4].sort());
	});
});
