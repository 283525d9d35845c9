// Reports and backups of the open atelier. The report and backup modules (and their libraries) load
// on the first export, so the atelier page stays light.
import type * as Y from 'yjs';
import type { Report, ReportOptions } from '$lib/report/report';
import { frenchTypography } from '$lib/shared/french';

/** The atelier's report as plain data, the source of every export format. */
export async function report(doc: Y.Doc, options: ReportOptions): Promise<Report> {
	const { buildReport } = await import('$lib/report/report');
	return buildReport(doc, options);
}

/** The complete JSON backup: the document's whole state and a readable copy. */
export async function backup(doc: Y.Doc): Promise<string> {
	const { exportBackup } = await import('$lib/storage/backup');
	return exportBackup(doc);
}

/**
 * Merges a backup file of this atelier into the document. A backup carries other devices' history:
 * it is applied as an update from a peer would be (checked and size-limited by the backup module),
 * not through the screens' write gate. Returns why it could not be merged, in French, or null.
 */
export async function merge(doc: Y.Doc, file: Blob): Promise<string | null> {
	const { readBackupFile, mergeBackup, BackupError } = await import('$lib/storage/backup');
	try {
		mergeBackup(doc, await readBackupFile(file));
		return null;
	} catch (error) {
		if (error instanceof BackupError) return error.message;
		return frenchTypography('Ce fichier ne peut pas être importé.');
	}
}
