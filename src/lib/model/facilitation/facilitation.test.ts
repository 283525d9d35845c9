import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addSheet, getSheet, joinRoster } from '../atelier.ts';
import * as basket from '../basket.ts';
import { ModelError } from '../errors.ts';
import {
	addAgendaItem,
	applyRule,
	canEdit,
	canSeeVotes,
	castVote,
	dotsUsedOn,
	myDots,
	rankedVotes,
	setVoting,
	sheetVoteResults,
	voteTargets,
	canSeeAnswerOf,
	dotsUsed,
	extendTimer,
	isFacilitator,
	may,
	moveAgendaItem,
	readPermissions,
	requirePermission,
	setPermission,
	pauseTimer,
	readAgenda,
	readFollow,
	readSheetRule,
	readTimer,
	resumeTimer,
	setAgendaStart,
	setCoFacilitator,
	setSheetRule,
	startAgendaStep,
	startTimer,
	stopTimer,
	timerRemaining,
	vote,
	voteResults
} from './index.ts';
import { CLAUSES, fork, GRID, newAtelier, syncAll } from '../test-helpers.ts';

function room(): Y.Doc {
	const doc = newAtelier(1);
	joinRoster(doc, { id: 'anne', name: 'Anne', role: 'animateur' });
	joinRoster(doc, { id: 'bruno', name: 'Bruno', role: 'participant' });
	joinRoster(doc, { id: 'chloe', name: 'Chloé', role: 'participant' });
	return doc;
}

describe('roles', () => {
	it('lets the animateur name a co-animateur, and refuses the same from a participant', () => {
		const doc = room();
		expect(isFacilitator(doc, 'anne')).toBe(true);
		expect(isFacilitator(doc, 'bruno')).toBe(false);
		expect(() => setCoFacilitator(doc, 'chloe', 'chloe', true)).toThrow(ModelError);
		expect(isFacilitator(doc, 'chloe')).toBe(false);
		setCoFacilitator(doc, 'anne', 'bruno', true);
		expect(isFacilitator(doc, 'bruno')).toBe(true);
		setCoFacilitator(doc, 'anne', 'bruno', false);
		expect(isFacilitator(doc, 'bruno')).toBe(false);
		expect(isFacilitator(doc, 'inconnu')).toBe(false);
	});

	it('refuses a timer started by a participant, leaving the state unchanged', () => {
		const doc = room();
		const before = Y.encodeStateAsUpdate(doc);
		expect(() => startTimer(doc, 'bruno', 60_000)).toThrow(/Seul l’animateur/);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});
});

describe('what participants may do besides filling sheets', () => {
	it('allows nothing by default, then what the facilitator allows, to participants only', () => {
		const doc = room();
		expect(readPermissions(doc)).toEqual({ addSheets: false, merge: false, export: false });
		expect(may(doc, 'anne', 'addSheets')).toBe(true);
		expect(may(doc, 'bruno', 'addSheets')).toBe(false);
		expect(() => requirePermission(doc, 'bruno', 'merge')).toThrow(
			'L’animateur n’a pas autorisé les participants à fusionner une sauvegarde.'
		);
		setPermission(doc, 'anne', 'export', true);
		expect(may(doc, 'bruno', 'export')).toBe(true);
		expect(may(doc, 'bruno', 'addSheets')).toBe(false);
		setPermission(doc, 'anne', 'export', false);
		expect(may(doc, 'chloe', 'export')).toBe(false);
	});

	it('refuses a participant who allows themself, and reads a forged value as not allowed', () => {
		const doc = room();
		const before = Y.encodeStateAsUpdate(doc);
		expect(() => setPermission(doc, 'bruno', 'addSheets', true)).toThrow(/Seul l’animateur/);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		expect(() => setPermission(doc, 'anne', 'toString' as never, true)).toThrow('Autorisation inconnue.');
		// A modified client writing straight into the document: only `true` counts.
		const forged = new Y.Map<unknown>();
		doc.getMap('facilitation').set('permissions', forged);
		forged.set('addSheets', 'oui');
		forged.set('merge', 1);
		expect(readPermissions(doc)).toEqual({ addSheets: false, merge: false, export: false });
		doc.getMap('facilitation').set('permissions', 'tout');
		expect(readPermissions(doc)).toEqual({ addSheets: false, merge: false, export: false });
	});
});

describe('timer', () => {
	it('shows the same countdown on devices whose clocks differ by minutes', () => {
		const laptop = room();
		const tablet = fork(laptop, 2);
		startTimer(laptop, 'anne', 10 * 60_000);
		// The laptop's monotonic clock reads 1,000 s when it starts; the tablet's reads 5 minutes more
		// when the change reaches it 20 ms later. Each device counts from when it saw the change.
		const laptopSeen = 1_000_000;
		syncAll(laptop, tablet);
		const tabletSeen = 1_000_000 + 5 * 60_000 + 20;
		const state = readTimer(tablet)!;
		const laptopShows = timerRemaining(readTimer(laptop)!, laptopSeen, laptopSeen + 90_000);
		const tabletShows = timerRemaining(state, tabletSeen, tabletSeen + 90_000 - 20);
		expect(laptopShows).toBe(510_000);
		expect(Math.abs(tabletShows - laptopShows)).toBeLessThanOrEqual(20);
	});

	it('pauses, resumes and extends from what the facilitator sees, and never goes below zero', () => {
		const doc = room();
		startTimer(doc, 'anne', 60_000);
		pauseTimer(doc, 'anne', 0, 45_000);
		expect(readTimer(doc)).toMatchObject({ remainingMs: 15_000, running: false });
		expect(timerRemaining(readTimer(doc)!, 0, 999_999)).toBe(15_000);
		resumeTimer(doc, 'anne');
		extendTimer(doc, 'anne', 120_000, 0, 10_000);
		expect(readTimer(doc)).toMatchObject({ remainingMs: 125_000, running: true, revision: 4 });
		expect(timerRemaining(readTimer(doc)!, 0, 10_000_000)).toBe(0);
	});

	it('stops the countdown for everyone, and only at a facilitator’s request', () => {
		const doc = room();
		startTimer(doc, 'anne', 60_000);
		expect(() => stopTimer(doc, 'bruno')).toThrow(/Seul l’animateur/);
		expect(readTimer(doc)).not.toBeNull();
		stopTimer(doc, 'anne');
		expect(readTimer(doc)).toBeNull();
	});

	it('refuses durations out of range', () => {
		const doc = room();
		for (const bad of [0, -5, Number.NaN, 9 * 3_600_000]) expect(() => startTimer(doc, 'anne', bad)).toThrow(ModelError);
		expect(readTimer(doc)).toBeNull();
	});
});

describe('dot-votes', () => {
	it('counts dots within each person’s budget and ranks the targets', () => {
		const doc = room();
		vote(doc, 'bruno', 'row-2', 1, 3);
		vote(doc, 'bruno', 'row-2', 1, 3);
		vote(doc, 'bruno', 'row-1', 1, 3);
		expect(() => vote(doc, 'bruno', 'row-3', 1, 3)).toThrow(/vos 3 gommettes/);
		vote(doc, 'chloe', 'row-1', 1, 3);
		vote(doc, 'chloe', 'row-1', -1, 3);
		vote(doc, 'chloe', 'row-3', 1, 3);
		expect(dotsUsed(doc, 'bruno')).toBe(3);
		expect(voteResults(doc, ['row-1', 'row-2', 'row-3'])).toEqual([
			{ target: 'row-2', dots: 2, voters: 1 },
			{ target: 'row-1', dots: 1, voters: 1 },
			{ target: 'row-3', dots: 1, voters: 1 }
		]);
		expect(() => vote(doc, 'intrus', 'row-1', 1, 3)).toThrow(/Participant inconnu/);
	});

	it('merges votes cast at the same time on different devices', () => {
		const a = room();
		vote(a, 'bruno', 'x', 1, 5);
		vote(a, 'chloe', 'x', 1, 5);
		const b = fork(a, 2);
		vote(a, 'bruno', 'y', 1, 5);
		vote(b, 'chloe', 'y', 1, 5);
		syncAll(a, b);
		expect(voteResults(a, ['x', 'y'])).toEqual(voteResults(b, ['x', 'y']));
		expect(voteResults(a, ['x', 'y'])).toEqual([
			{ target: 'x', dots: 2, voters: 2 },
			{ target: 'y', dots: 2, voters: 2 }
		]);
	});
});

describe('agenda and phases', () => {
	it('computes start and end times, reorders, and refuses bad input', () => {
		const doc = room();
		setAgendaStart(doc, 'anne', '09:30');
		addAgendaItem(doc, 'anne', { id: 's1', title: 'Accueil', durationMin: 15 });
		addAgendaItem(doc, 'anne', { id: 's2', title: 'Besoins', durationMin: 45, sheetId: 'sheet-a', rule: 'masque' });
		addAgendaItem(doc, 'anne', { id: 's3', title: 'Pause', durationMin: 10 });
		moveAgendaItem(doc, 'anne', 's3', 1);
		const agenda = readAgenda(doc);
		expect(agenda.items.map((i) => [i.title, i.startsAt, i.endsAt])).toEqual([
			['Accueil', '09:30', '09:45'],
			['Pause', '09:45', '09:55'],
			['Besoins', '09:55', '10:40']
		]);
		expect(agenda.totalMin).toBe(70);
		expect(agenda.endsAt).toBe('10:40');
		expect(() => setAgendaStart(doc, 'anne', '25:00')).toThrow(/HH:MM/);
		expect(() => addAgendaItem(doc, 'anne', { id: 's4', title: 'X', durationMin: 0 })).toThrow(/durée/);
		expect(() => addAgendaItem(doc, 'bruno', { id: 's5', title: 'Forgé', durationMin: 10 })).toThrow(/Seul l’animateur/);
		expect(readAgenda(doc).items).toHaveLength(3);
	});

	it('starts a step in one action: current step, follow-me, rule and timer', () => {
		const doc = room();
		addAgendaItem(doc, 'anne', { id: 's2', title: 'Besoins', durationMin: 45, sheetId: 'sheet-a', rule: 'verrouille' });
		startAgendaStep(doc, 'anne', 's2');
		expect(readAgenda(doc).items[0]?.current).toBe(true);
		expect(readFollow(doc)?.sheetId).toBe('sheet-a');
		expect(readTimer(doc)).toMatchObject({ remainingMs: 45 * 60_000, running: true });
		expect(canEdit(doc, 'bruno', 'sheet-a')).toBe(false);
		expect(canEdit(doc, 'anne', 'sheet-a')).toBe(true);
		expect(() => startAgendaStep(doc, 'chloe', 's2')).toThrow(ModelError);
	});

	it('hides individual answers from other participants until the reveal', () => {
		const doc = room();
		applyRule(doc, 'anne', 'sheet-b', 'masque');
		expect(canSeeAnswerOf(doc, 'chloe', 'bruno', 'sheet-b')).toBe(false);
		expect(canSeeAnswerOf(doc, 'bruno', 'bruno', 'sheet-b')).toBe(true);
		expect(canSeeAnswerOf(doc, 'anne', 'bruno', 'sheet-b')).toBe(true);
		setSheetRule(doc, 'anne', 'sheet-b', { hidden: false });
		expect(canSeeAnswerOf(doc, 'chloe', 'bruno', 'sheet-b')).toBe(true);
		expect(() => setSheetRule(doc, 'bruno', 'sheet-b', { hidden: true })).toThrow(ModelError);
		applyRule(doc, 'anne', 'sheet-b', 'anonyme');
		expect(readSheetRule(doc, 'sheet-b')).toEqual({ locked: false, hidden: false, anonymous: true });
	});
});

describe('dot-votes on a sheet', () => {
	it('needs an open vote, keeps each sheet’s budget apart, and hides results from participants until the reveal', () => {
		const doc = room();
		expect(() => castVote(doc, 'bruno', 'grille', 'r1', 1)).toThrow(/pas ouvert/);
		expect(() => setVoting(doc, 'bruno', 'grille', { open: true })).toThrow(/Seul l’animateur/);
		expect(() => setVoting(doc, 'anne', 'grille', { budget: 0 })).toThrow(/entre 1 et 20/);
		setVoting(doc, 'anne', 'grille', { open: true, budget: 2 });
		setVoting(doc, 'anne', 'panier', { open: true, budget: 1 });
		castVote(doc, 'bruno', 'grille', 'r1', 1);
		castVote(doc, 'bruno', 'grille', 'r1', 1);
		expect(() => castVote(doc, 'bruno', 'grille', 'r2', 1)).toThrow(/vos 2 gommettes/);
		castVote(doc, 'bruno', 'panier', 'c1', 1);
		castVote(doc, 'chloe', 'grille', 'r2', 1);
		expect(dotsUsedOn(doc, 'bruno', 'grille')).toBe(2);
		expect(myDots(doc, 'bruno', 'grille', 'r1')).toBe(2);
		expect(sheetVoteResults(doc, 'grille', ['r2', 'r1', 'r3'])).toEqual([
			{ itemId: 'r1', dots: 2, voters: 1 },
			{ itemId: 'r2', dots: 1, voters: 1 },
			{ itemId: 'r3', dots: 0, voters: 0 }
		]);
		expect(canSeeVotes(doc, 'anne', 'grille')).toBe(true);
		expect(canSeeVotes(doc, 'bruno', 'grille')).toBe(false);
		setVoting(doc, 'anne', 'grille', { revealed: true });
		expect(canSeeVotes(doc, 'bruno', 'grille')).toBe(true);
		castVote(doc, 'bruno', 'grille', 'r1', -1);
		castVote(doc, 'bruno', 'grille', 'r2', 1);
		expect(sheetVoteResults(doc, 'grille', ['r1', 'r2']).map((r) => r.dots)).toEqual([2, 1]);
	});

	it('votes on a grid’s questions and a basket’s clauses, labelled, and on nothing else', () => {
		const doc = room();
		const gridId = addSheet(doc, GRID);
		const basketId = addSheet(doc, CLAUSES);
		const notesId = addSheet(doc, { kind: 'notes', source: 'notes', title: 'Notes' });
		basket.addClause(getSheet(doc, basketId), 'd1');
		const questions = voteTargets(doc, gridId);
		expect(questions.map((t) => t.label)).toEqual(['1. Quel problème résout-on ?', '2. Pour qui ?', '3. Comment fait-on aujourd’hui ?']);
		expect(voteTargets(doc, basketId)).toEqual([{ id: 'd1', label: 'Restitution en fin de contrat' }]);
		expect(voteTargets(doc, notesId)).toEqual([]);
		expect(voteTargets(doc, 'absente')).toEqual([]);
		setVoting(doc, 'anne', gridId, { open: true });
		castVote(doc, 'bruno', gridId, questions[2]!.id, 1);
		expect(rankedVotes(doc, gridId)[0]).toEqual({
			itemId: questions[2]!.id,
			label: '3. Comment fait-on aujourd’hui ?',
			dots: 1,
			voters: 1
		});
	});

	it('refuses votes on a locked sheet and once the vote is closed', () => {
		const doc = room();
		setVoting(doc, 'anne', 'grille', { open: true });
		applyRule(doc, 'anne', 'grille', 'verrouille');
		expect(() => castVote(doc, 'bruno', 'grille', 'r1', 1)).toThrow(/verrouillée/);
		applyRule(doc, 'anne', 'grille', 'ouvert');
		setVoting(doc, 'anne', 'grille', { open: false });
		expect(() => castVote(doc, 'bruno', 'grille', 'r1', 1)).toThrow(/pas ouvert/);
		expect(dotsUsedOn(doc, 'bruno', 'grille')).toBe(0);
	});
});

describe('document growth', () => {
	it('keeps a day of timer changes and vote toggles small (overwritten values are garbage-collected)', () => {
		const doc = room();
		const size = () => Y.encodeStateAsUpdate(doc).length;
		const start = size();
		for (let i = 0; i < 500; i++) {
			startTimer(doc, 'anne', 60_000);
			pauseTimer(doc, 'anne', 0, 1_000);
		}
		const afterTimer = size();
		expect(afterTimer - start).toBeLessThan(1_024);
		setVoting(doc, 'anne', 'grille', { open: true, budget: 5 });
		for (let i = 0; i < 600; i++) {
			const who = i % 2 === 0 ? 'bruno' : 'chloe';
			castVote(doc, who, 'grille', `r${i % 8}`, 1);
			castVote(doc, who, 'grille', `r${i % 8}`, -1);
		}
		expect(size() - afterTimer).toBeLessThan(10 * 1_024);
	});
});
