// The complete JSON backup of an atelier: its Yjs state (base64), which imports back exactly, and a
// readable copy of the report for a human or another tool. Importing checks everything before any
// document is touched: a corrupted, truncated, foreign or newer file changes nothing.
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
// zod/mini: the same validation, tree-shaken to a few kilobytes in the browser bundle.
import * as z from 'zod/mini';
import { checkUpdate, isAtelier, migrate, ModelError, readMeta, type AtelierMeta } from '$lib/model';
import { frenchTypography } from '$lib/shared/french';
import { formatMegabytes, MAX_BACKUP_FILE_BYTES, MAX_ROOM_BYTES } from '$lib/shared/limits';
import { buildReport, type Report } from '$lib/report/report';

export const BACKUP_FORMAT = 'atelier-capacities/sauvegarde';
export const BACKUP_VERSION = 1;

export interface Backup {
	format: typeof BACKUP_FORMAT;
	formatVersion: number;
	kitVersion: string;
	schemaVersion: number;
	exportedAt: string;
	state: string;
	readable: Report;
}

export function exportBackup(doc: Y.Doc, now = new Date()): string {
	const meta = readMeta(doc);
	const backup: Backup = {
		format: BACKUP_FORMAT,
		formatVersion: BACKUP_VERSION,
		kitVersion: meta.kitVersion,
		schemaVersion: meta.schemaVersion,
		exportedAt: now.toISOString(),
		state: toBase64(Y.encodeStateAsUpdate(doc)),
		readable: buildReport(doc, { now })
	};
	return JSON.stringify(backup, null, 1);
}

export class BackupError extends Error {
	override name = 'BackupError';
	constructor(message: string) {
		super(frenchTypography(message));
	}
}

const envelope = z.object({
	format: z.string(),
	formatVersion: z.int().check(z.positive()),
	state: z.string().check(z.minLength(1))
});

export interface ParsedBackup {
	update: Uint8Array;
	meta: AtelierMeta;
}

/**
 * Reads a backup file's text. Throws a BackupError with a French message for anything that is not a
 * complete, readable backup of an atelier this version of the app understands.
 */
export function parseBackup(text: string): ParsedBackup {
	if (text.length > MAX_BACKUP_FILE_BYTES) throw tooLargeFile(text.length);
	let value: unknown;
	try {
		value = JSON.parse(text.replace(/^\ufeff/, ''));
	} catch {
		throw new BackupError(
			text.trim().startsWith('{')
				? 'Ce fichier de sauvegarde est incomplet ou abîmé (JSON illisible) : il a peut-être été tronqué lors de la copie.'
				: 'Ce fichier n’est pas une sauvegarde d’atelier (format JSON attendu).'
		);
	}
	const parsed = envelope.safeParse(value);
	if (!parsed.success || parsed.data.format !== BACKUP_FORMAT) {
		throw new BackupError('Ce fichier JSON n’est pas une sauvegarde d’Atelier CAPACities.');
	}
	if (parsed.data.formatVersion > BACKUP_VERSION) {
		throw new BackupError(
			'Cette sauvegarde vient d’une version plus récente de l’application : mettez l’application à jour pour l’importer.'
		);
	}
	let update: Uint8Array;
	try {
		if (!/^[A-Za-z0-9+/]+={0,2}$/.test(parsed.data.state)) throw new Error('not base64');
		update = fromBase64(parsed.data.state);
	} catch {
		throw new BackupError('Le contenu de cette sauvegarde est abîmé (données illisibles).');
	}
	if (update.byteLength > MAX_ROOM_BYTES) {
		throw new BackupError(
			`Cet atelier (${formatMegabytes(update.byteLength)}) dépasse la taille qu’un atelier peut avoir pour être partagé et gardé par l’ordinateur de l’animateur (${formatMegabytes(MAX_ROOM_BYTES)}) : il n’a pas été importé.`
		);
	}
	if (checkUpdate(update) !== null) {
		throw new BackupError('Le contenu de cette sauvegarde est abîmé ou tronqué : il ne peut pas être relu.');
	}
	// Read it in a scratch document first: the user's ateliers are touched only if this succeeds.
	const scratch = new Y.Doc();
	try {
		Y.applyUpdate(scratch, update);
		if (!isAtelier(scratch)) throw new BackupError('Cette sauvegarde ne contient pas d’atelier.');
		migrate(scratch);
		return { update, meta: readMeta(scratch) };
	} catch (error) {
		if (error instanceof BackupError) throw error;
		if (error instanceof ModelError) throw new BackupError(error.message);
		throw new BackupError('Le contenu de cette sauvegarde ne peut pas être relu.');
	} finally {
		scratch.destroy();
	}
}

function tooLargeFile(bytes: number): BackupError {
	return new BackupError(
		`Ce fichier (${formatMegabytes(bytes)}) est trop volumineux pour être une sauvegarde d’atelier (${formatMegabytes(MAX_BACKUP_FILE_BYTES)} au plus) : il n’a pas été lu.`
	);
}

/** Reads a backup file chosen by the user: its size is checked before a byte of it is read. */
export async function readBackupFile(file: Blob): Promise<ParsedBackup> {
	if (file.size > MAX_BACKUP_FILE_BYTES) throw tooLargeFile(file.size);
	let text: string;
	try {
		text = await file.text();
	} catch {
		throw new BackupError('Ce fichier ne peut pas être lu par le navigateur.');
	}
	return parseBackup(text);
}

/**
 * Merges a parsed backup into an open atelier (Yjs merge: nothing is lost on either side). Refuses a
 * backup of another atelier, and a merge that would make the atelier larger than MAX_ROOM_BYTES (the
 * relay would refuse it and new devices could not load it).
 */
export function mergeBackup(doc: Y.Doc, backup: ParsedBackup): void {
	if (!isAtelier(doc)) throw new BackupError('L’atelier ouvert n’est pas prêt : réessayez dans un instant.');
	const mine = readMeta(doc);
	if (mine.createdAt !== backup.meta.createdAt) {
		throw new BackupError(
			`Cette sauvegarde est celle d’un autre atelier (« ${backup.meta.title} ») : importez-la comme un nouvel atelier.`
		);
	}
	const merged = Y.mergeUpdates([Y.encodeStateAsUpdate(doc), backup.update]).byteLength;
	if (merged > MAX_ROOM_BYTES) {
		throw new BackupError(
			`Une fois fusionné, cet atelier pèserait ${formatMegabytes(merged)}, plus que la taille qu’un atelier peut avoir pour être partagé et gardé par l’ordinateur de l’animateur (${formatMegabytes(MAX_ROOM_BYTES)}) : rien n’a été fusionné.`
		);
	}
	Y.applyUpdate(doc, backup.update, 'import');
}
