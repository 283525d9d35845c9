// What participants may do besides filling the sheets: add sheets, merge a backup, export reports.
// The facilitator allows each for the room; an animateur or co-animateur always may. Off by default:
// a participant's screen shows the sheets, not the atelier's management.
import type * as Y from 'yjs';
import { ModelError } from '../errors.ts';
import { childMap, facilitationOf, isFacilitator, requireFacilitator } from './roles.ts';

export const PERMISSIONS = ['addSheets', 'merge', 'export'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<Permission, string> = {
	addSheets: 'ajouter des fiches et des questions',
	merge: 'fusionner une sauvegarde',
	export: 'exporter les rapports'
};

export type Permissions = Record<Permission, boolean>;

const isPermission = (value: unknown): value is Permission => PERMISSIONS.some((p) => p === value);

/** What participants are allowed (only `true` counts: anything else written there reads as not allowed). */
export function readPermissions(doc: Y.Doc): Permissions {
	const map = facilitationOf(doc).get('permissions') as Y.Map<unknown> | undefined;
	const allowed = (p: Permission) => typeof map?.get === 'function' && map.get(p) === true;
	return { addSheets: allowed('addSheets'), merge: allowed('merge'), export: allowed('export') };
}

export function setPermission(doc: Y.Doc, actorId: string, permission: Permission, allowed: boolean): void {
	requireFacilitator(doc, actorId);
	if (!isPermission(permission)) throw new ModelError('Autorisation inconnue.');
	childMap<boolean>(doc, 'permissions').set(permission, allowed);
}

/** Whether this person may do it now: a facilitator always, a participant when allowed. */
export function may(doc: Y.Doc, participantId: string, permission: Permission): boolean {
	return isFacilitator(doc, participantId) || readPermissions(doc)[permission];
}

/** What a participant is told when not allowed. */
export const permissionRefusal = (permission: Permission) =>
	`L’animateur n’a pas autorisé les participants à ${PERMISSION_LABELS[permission]}.`;

/** Throws the French refusal when this person may not do it. */
export function requirePermission(doc: Y.Doc, participantId: string, permission: Permission): void {
	if (!may(doc, participantId, permission)) throw new ModelError(permissionRefusal(permission));
}
