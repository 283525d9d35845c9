// A rich atelier for the exporters' tests: accents, long texts, empty cells, Markdown with links and
// XSS payloads that must come out as text, every sheet type.
import * as Y from 'yjs';
import { addSheet, basket, checklist, comparator, grid, inventory, joinRoster, notes, setText } from '$lib/model';
import { CHECKLIST, CLAUSES, COMPARATOR, GRID, INVENTORY, newAtelier } from '$lib/model/test-helpers';

export const XSS = '<img src=x onerror=alert(1)><script>alert("x")</script>';
export const LONG = 'Très long texte : '.concat('données ouvertes, réutilisation, gouvernance partagée. '.repeat(60));

export function richAtelier(): Y.Doc {
	const doc = newAtelier(1);
	joinRoster(doc, { id: 'p1', name: 'Élodie Durand', role: 'animateur' });
	joinRoster(doc, { id: 'p2', name: 'Jean-Noël Lefèvre', role: 'participant' });
	joinRoster(doc, { id: 'p3', name: 'Œdipe Ñandú', role: 'observateur' });
	const g = doc.getMap('sheets').get(addSheet(doc, GRID)) as Y.Map<unknown>;
	const rows = grid.readGrid(g).rows;
	setText(
		grid.ensureCell(g, rows[0]!.id, 'reponse'),
		'Réduire les **bouchons** : voir [le rapport](https://example.org/rapport?a=1&b=2)\nDeuxième ligne.'
	);
	setText(grid.ensureCell(g, rows[0]!.id, 'acteur'), 'Service mobilité');
	grid.setChoice(g, rows[0]!.id, 'echeance', '2027-03');
	grid.setChoice(g, rows[0]!.id, 'priorite', 'haute');
	setText(grid.ensureCell(g, rows[1]!.id, 'reponse'), XSS);
	setText(grid.ensureCell(g, rows[1]!.id, 'acteur'), 'DSI; "mutualisée"');
	grid.setChoice(g, rows[1]!.id, 'echeance', '2026-12-15');
	grid.setChoice(g, rows[1]!.id, 'priorite', 'basse');
	setText(grid.ensureCell(g, rows[2]!.id, 'reponse'), LONG);
	const added = grid.addRow(g, 'Question ajoutée : qui paie ?');
	setText(grid.ensureCell(g, added, 'reponse'), '=SOMME(A1:A9)');
	setText(grid.ensureCell(g, added, 'acteur'), 'Élus');
	grid.setChoice(g, added, 'priorite', 'moyenne');
	const c = doc.getMap('sheets').get(addSheet(doc, CHECKLIST)) as Y.Map<unknown>;
	checklist.setStatus(c, 'a1', 'oui');
	checklist.setStatus(c, 'a2', 'sans-objet');
	setText(checklist.ensureItemText(c, 'a2', 'justification'), 'Aucune donnée personnelle traitée.');
	checklist.setStatus(c, 'b1', 'partiel');
	setText(checklist.ensureItemText(c, 'b1', 'comment'), 'À revoir en 2027 ; serveurs mutualisés.');
	const k = doc.getMap('sheets').get(addSheet(doc, COMPARATOR)) as Y.Map<unknown>;
	comparator.setWeight(k, 'p1', 'controle', 5);
	comparator.setWeight(k, 'p2', 'controle', 1);
	comparator.setScore(k, 'p2', 'scic', 'ouverture', 4);
	const b = doc.getMap('sheets').get(addSheet(doc, CLAUSES)) as Y.Map<unknown>;
	basket.addClause(b, 'd1', 'indispensable', 'p1');
	setText(basket.noteText(b, 'd1'), 'Format ouvert exigé (CSV, GeoJSON).');
	const inv = doc.getMap('sheets').get(addSheet(doc, INVENTORY)) as Y.Map<unknown>;
	const r = inventory.addRow(inv);
	setText(inventory.ensureCellText(inv, r, 'jeu'), 'Comptages vélos');
	inventory.setValue(inv, r, 'frequence', 'mensuelle');
	inventory.setValue(inv, r, 'perso', false);
	inventory.addRow(inv);
	const n = doc
		.getMap('sheets')
		.get(addSheet(doc, { kind: 'notes', source: 'notes', title: 'Décisions', prompt: 'Ce qui a été décidé.' })) as Y.Map<unknown>;
	setText(notes.bodyText(n), '# Pas un titre\n- Relancer le Cerema\n[clic](javascript:alert(1))\n' + XSS);
	return doc;
}
