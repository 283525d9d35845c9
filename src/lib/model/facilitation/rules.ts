// Sheet rules (lock, hidden answers until reveal, anonymity) and follow-me.
import type * as Y from 'yjs';
import { childMap, facilitationOf, isFacilitator, requireFacilitator } from './roles.ts';

export const RULES = ['ouvert', 'verrouille', 'masque', 'anonyme'] as const;
export type Rule = (typeof RULES)[number];
export const RULE_LABELS: Record<Rule, string> = {
	ouvert: 'Ouvert',
	verrouille: 'Verrouillé',
	masque: 'Réponses masquées jusqu’au dévoilement',
	anonyme: 'Anonyme'
};

export interface SheetRule {
	locked: boolean;
	/** Individual answers hidden from other participants until the facilitator reveals them. */
	hidden: boolean;
	anonymous: boolean;
}

const OPEN: SheetRule = { locked: false, hidden: false, anonymous: false };

const rulesOf = (doc: Y.Doc) => childMap<SheetRule>(doc, 'rules');

export function readSheetRule(doc: Y.Doc, sheetId: string): SheetRule {
	const value = (facilitationOf(doc).get('rules') as Y.Map<SheetRule> | undefined)?.get(sheetId);
	if (!value || typeof value !== 'object') return OPEN;
	return { locked: value.locked === true, hidden: value.hidden === true, anonymous: value.anonymous === true };
}

export function setSheetRule(doc: Y.Doc, actorId: string, sheetId: string, patch: Partial<SheetRule>): void {
	requireFacilitator(doc, actorId);
	rulesOf(doc).set(sheetId, { ...readSheetRule(doc, sheetId), ...patch });
}

/** Applies one of the agenda's rules to a sheet. */
export function applyRule(doc: Y.Doc, actorId: string, sheetId: string, rule: Rule): void {
	setSheetRule(doc, actorId, sheetId, { locked: rule === 'verrouille', hidden: rule === 'masque', anonymous: rule === 'anonyme' });
}

/** Whether a participant may edit a sheet now (a locked sheet is read-only for participants). */
export function canEdit(doc: Y.Doc, participantId: string, sheetId: string): boolean {
	return !readSheetRule(doc, sheetId).locked || isFacilitator(doc, participantId);
}

/** Whether `viewerId` may see what `authorId` answered on a sheet (hidden until the reveal). */
export function canSeeAnswerOf(doc: Y.Doc, viewerId: string, authorId: string, sheetId: string): boolean {
	return viewerId === authorId || !readSheetRule(doc, sheetId).hidden || isFacilitator(doc, viewerId);
}

/** Follow-me: the sheet (and optional section) the facilitator brings everyone to, or null. */
export function setFollow(doc: Y.Doc, actorId: string, sheetId: string | null, section: string | null = null): void {
	requireFacilitator(doc, actorId);
	facilitationOf(doc).set(
		'follow',
		sheetId ? { sheetId, section, at: ((facilitationOf(doc).get('follow') as { at?: number } | undefined)?.at ?? 0) + 1 } : null
	);
}

export function readFollow(doc: Y.Doc): { sheetId: string; section: string | null; at: number } | null {
	const value = facilitationOf(doc).get('follow') as { sheetId?: unknown; section?: unknown; at?: unknown } | null | undefined;
	if (!value || typeof value.sheetId !== 'string') return null;
	return {
		sheetId: value.sheetId,
		section: typeof value.section === 'string' ? value.section : null,
		at: typeof value.at === 'number' ? value.at : 0
	};
}
