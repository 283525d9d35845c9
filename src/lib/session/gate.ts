// The one write path from the screens to the document. Every change — typing, a sheet's structure,
// facilitation — is checked here (who writes, the sheet's lock) and runs as one transaction; the
// model's own checks (roles, budgets, validity) throw a ModelError, turned into a French refusal.
// A Yjs transaction cannot be rolled back: the model validates before it writes, and an intent made of
// several changes validates all of them first (see FacilitationControls.addAgendaSteps), so a refused
// change leaves the document as it was.
import type * as Y from 'yjs';
import { facilitation, ModelError } from '$lib/model';
import { frenchTypography } from '$lib/shared/french';

export const LOCKED = frenchTypography('Cette fiche est verrouillée par l’animateur : vous pouvez la lire, pas la modifier.');
export const NOT_IDENTIFIED = frenchTypography('Indiquez votre nom avant de modifier une fiche.');

/** Where a change lands: a sheet (its lock applies) or the atelier as a whole (facilitation, roster, sheet list). */
export type WriteScope = { sheetId: string } | 'atelier';

/**
 * Runs `operation` as `me` if allowed; returns null when done, or the refusal in French. With a null
 * origin the operation makes its own transaction: an undo manager's undo must not be nested in another
 * transaction, or it would be recorded as a new edit instead of landing on the redo stack.
 */
export function write(doc: Y.Doc, me: string, scope: WriteScope, operation: () => void, origin: object | null): string | null {
	if (scope !== 'atelier') {
		if (!me) return NOT_IDENTIFIED;
		if (!facilitation.canEdit(doc, me, scope.sheetId)) return LOCKED;
	}
	try {
		if (origin === null) operation();
		else doc.transact(operation, origin);
		return null;
	} catch (error) {
		if (error instanceof ModelError) return error.message;
		throw error;
	}
}
