// What every sheet editor receives: the open atelier and the sheet to edit.
import type { Presence } from '$lib/sync/status';
import type { AtelierSession } from '$lib/session/session.svelte';

export interface EditorProps {
	session: AtelierSession;
	sheetId: string;
}

/** The other people editing a given cell, for the field's marker. */
export function editorsOf(presence: readonly Presence[], cell: string): { name: string; colour: string }[] {
	return presence.filter((p) => !p.self && p.cell === cell).map((p) => ({ name: p.name, colour: p.colour }));
}
