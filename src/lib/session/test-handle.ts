// The one handle browser tests (and support, from the console) have on an open atelier: what the
// screen does not show, read as plain data, and the facilitation intents a modified client could send
// without the screen (to check that the model refuses them). It gives nothing a participant's own
// client does not already have (see docs/SECURITY.md).
import type { AtelierSession } from './session.svelte.ts';
import type { FacilitationControls } from './facilitation.ts';

export interface AtelierTestHandle {
	/** The atelier's id on this device and this device's participant id. */
	atelierId: string;
	participantId: string;
	/** The last refusal shown, in French, or null. */
	refusal(): string | null;
	/** Facilitation intents, called as a modified client would (without the screen's checks). */
	facilitation: Pick<FacilitationControls, 'castVote' | 'startTimer' | 'applyRule' | 'bringEveryone' | 'nameCoFacilitator' | 'setVoting'>;
	/** Types into a sheet's text cell as a client going around a disabled field would; false when refused. */
	typeInto(sheetId: string, rowId: string, columnId: string, value: string): boolean;
	/** The document's size as this device would send it whole, in bytes. */
	documentBytes(): number;
}

declare global {
	interface Window {
		atelierTestHandle?: AtelierTestHandle;
	}
}

export function installTestHandle(session: AtelierSession): void {
	const controls = session.facilitation;
	window.atelierTestHandle = {
		atelierId: session.id,
		participantId: session.me?.participantId ?? '',
		refusal: () => session.refusal,
		facilitation: {
			castVote: (sheetId, itemId, delta) => controls.castVote(sheetId, itemId, delta),
			startTimer: (ms) => controls.startTimer(ms),
			applyRule: (sheetId, rule) => controls.applyRule(sheetId, rule),
			bringEveryone: (sheetId, section) => controls.bringEveryone(sheetId, section),
			nameCoFacilitator: (id, named) => controls.nameCoFacilitator(id, named),
			setVoting: (sheetId, patch) => controls.setVoting(sheetId, patch)
		},
		typeInto(sheetId, rowId, columnId, value) {
			const view = session.sheet(sheetId);
			if (view?.type !== 'grid') return false;
			return view.cell(rowId, columnId).set(value);
		},
		documentBytes: () => session.documentBytes()
	};
}
