import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toBase64 } from 'lib0/buffer';
import { snapshot } from '$lib/model/test-helpers';
import { MAX_BACKUP_FILE_BYTES, MAX_ROOM_BYTES } from '$lib/shared/limits';
import { richAtelier } from '$lib/report/fixture.test-helper';
import { BACKUP_FORMAT, BackupError, exportBackup, mergeBackup, parseBackup, readBackupFile } from './backup.ts';

const NOW = new Date('2026-12-01T10:00:00Z');

describe('JSON backup', () => {
	it('imports back to an identical document (state vector and content)', () => {
		const doc = richAtelier();
		const text = exportBackup(doc, NOW);
		const parsed = parseBackup(text);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, parsed.update);
		expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
		expect(snapshot(copy)).toEqual(snapshot(doc));
		expect(JSON.parse(text).readable.sheets).toHaveLength(6);
	});

	it('merges into the same atelier without losing anything on either side', () => {
		const doc = richAtelier();
		const backup = parseBackup(exportBackup(doc));
		const mine = new Y.Doc();
		Y.applyUpdate(mine, Y.encodeStateAsUpdate(doc));
		(mine.getMap('meta') as Y.Map<unknown>).set('place', 'Salle B');
		doc.getMap('roster');
		// Meanwhile the backup's side had edits the local copy never saw.
		const other = new Y.Doc();
		Y.applyUpdate(other, backup.update);
		(other.getMap('meta') as Y.Map<unknown>).set('territory', 'Agglo modifiée');
		mergeBackup(mine, parseBackup(exportBackup(other)));
		expect(mine.getMap('meta').get('territory')).toBe('Agglo modifiée');
		expect(mine.getMap('meta').get('place')).toBe('Salle B');
	});

	const good = () => JSON.parse(exportBackup(richAtelier(), NOW)) as Record<string, unknown>;
	const emptyDoc = toBase64(Y.encodeStateAsUpdate(new Y.Doc()));
	const otherDoc = (() => {
		const d = new Y.Doc();
		d.getMap('x').set('y', 1);
		return toBase64(Y.encodeStateAsUpdate(d));
	})();
	const bad: [string, string, RegExp][] = [
		['empty file', '', /pas une sauvegarde/],
		['not JSON', 'Titre;Date\nA;B', /pas une sauvegarde/],
		['truncated JSON', exportBackup(richAtelier()).slice(0, 500), /incomplet ou abîmé/],
		['JSON array', '[1,2,3]', /n’est pas une sauvegarde d’Atelier/],
		['foreign JSON', JSON.stringify({ name: 'autre chose' }), /n’est pas une sauvegarde d’Atelier/],
		['wrong format name', JSON.stringify({ ...good(), format: 'autre' }), /n’est pas une sauvegarde d’Atelier/],
		['newer version', JSON.stringify({ ...good(), formatVersion: 99 }), /version plus récente/],
		['state not base64', JSON.stringify({ ...good(), state: '@@@ pas du base64 @@@' }), /abîmé/],
		['state truncated', JSON.stringify({ ...good(), state: (good().state as string).slice(0, 400) }), /abîmé|tronqué|relu/],
		['state random', JSON.stringify({ ...good(), state: toBase64(crypto.getRandomValues(new Uint8Array(300))) }), /abîmé|relu/],
		['state of an empty doc', JSON.stringify({ ...good(), state: emptyDoc }), /ne contient pas d’atelier|abîmé/],
		['state of another Yjs doc', JSON.stringify({ ...good(), state: otherDoc }), /ne contient pas d’atelier/],
		[
			'newer schema inside',
			JSON.stringify({
				...good(),
				state: (() => {
					const d = richAtelier();
					d.getMap('meta').set('schemaVersion', 99);
					return toBase64(Y.encodeStateAsUpdate(d));
				})()
			}),
			/version plus récente/
		]
	];

	it.each(bad)('refuses %s with a French message', (_name, text, message) => {
		expect(() => parseBackup(text)).toThrow(BackupError);
		expect(() => parseBackup(text)).toThrow(message);
	});

	it('refuses a file over the size limit before reading a byte of it', async () => {
		let read = false;
		const huge = { size: MAX_BACKUP_FILE_BYTES + 1, text: async () => ((read = true), '') } as unknown as Blob;
		await expect(readBackupFile(huge)).rejects.toThrow(/trop volumineux.*32\sMo au plus/);
		expect(read).toBe(false);
		const fine = new Blob([exportBackup(richAtelier(), NOW)]);
		expect((await readBackupFile(fine)).meta.title).toBeTruthy();
	});

	it('refuses an atelier larger than the relay keeps, in French, with both sizes', () => {
		const doc = richAtelier();
		doc.getMap('meta').set('notes', 'x'.repeat(MAX_ROOM_BYTES + 1024));
		expect(() => parseBackup(exportBackup(doc, NOW))).toThrow(/dépasse la taille.*\(6\sMo\)/);
	});

	it('refuses a merge that would take the atelier over the room size, leaving it unchanged', () => {
		const base = richAtelier();
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
		doc.getMap('meta').set('notesA', 'a'.repeat(MAX_ROOM_BYTES / 2 + 1024));
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
		other.getMap('meta').set('notesB', 'b'.repeat(MAX_ROOM_BYTES / 2 + 1024));
		const backup = parseBackup(exportBackup(other, NOW));
		const before = Y.encodeStateAsUpdate(doc);
		expect(() => mergeBackup(doc, backup)).toThrow(/pèserait 6,0\sMo.*rien n’a été fusionné/);
		// Byte comparison: toEqual on 3 MB arrays takes seconds.
		expect(Buffer.from(Y.encodeStateAsUpdate(doc)).equals(Buffer.from(before))).toBe(true);
	});

	it('refuses to merge a backup of another atelier, leaving the open one unchanged', () => {
		const doc = richAtelier();
		const before = Y.encodeStateAsUpdate(doc);
		const otherAtelier = richAtelier();
		otherAtelier.getMap('meta').set('createdAt', '2020-01-01T00:00:00.000Z');
		expect(() => mergeBackup(doc, parseBackup(exportBackup(otherAtelier)))).toThrow(/un autre atelier/);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		expect(BACKUP_FORMAT).toBe('atelier-capacities/sauvegarde');
	});
});
