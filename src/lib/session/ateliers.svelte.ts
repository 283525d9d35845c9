// The list of ateliers on this device, as reactive state for the « Mes ateliers » page.
import * as Y from 'yjs';
import { createAtelier, ModelError, newId, readRoster, type AtelierInfo } from '$lib/model';
import { AtelierStore, storageMessage, type AtelierRecord } from '$lib/storage/store';
import { newRoomCode, roomFromCode } from '$lib/shared/room';

export const KIT_VERSION = '2022-capacities-1';

export class MyAteliers {
	items = $state<AtelierRecord[]>([]);
	loaded = $state(false);
	error = $state<string | null>(null);
	#store: AtelierStore;

	constructor(store = new AtelierStore()) {
		this.#store = store;
	}

	async refresh(): Promise<void> {
		try {
			this.items = await this.#store.list();
			this.error = null;
		} catch (error) {
			this.error = storageMessage(error);
		} finally {
			this.loaded = true;
		}
	}

	/** Creates and saves a new atelier; returns its id, or null with `error` set. */
	async create(info: AtelierInfo): Promise<string | null> {
		const doc = new Y.Doc();
		try {
			createAtelier(doc, info, { kitVersion: KIT_VERSION });
		} catch (error) {
			this.error = error instanceof ModelError ? error.message : 'Création impossible.';
			return null;
		}
		// The atelier's id is the id of its room: one code opens both (see room.ts).
		const code = newRoomCode();
		const id = roomFromCode(code).id;
		let failure: string | null = null;
		try {
			await this.#store.saveRecord(id, { code, me: { participantId: newId(), name: '', role: 'animateur' } });
		} catch (error) {
			failure = storageMessage(error);
		}
		const saving = this.#store.persist(id, doc, (message) => (failure = message));
		await saving.flushed();
		saving.stop();
		doc.destroy();
		await this.refresh();
		if (failure) {
			this.error = failure;
			return null;
		}
		return id;
	}

	/**
	 * Imports a JSON backup as a new atelier on this device (with a new room code). Returns its id, or
	 * null with `error` set to a French message; nothing is stored when the file is refused.
	 */
	async importBackup(file: Blob): Promise<string | null> {
		const { readBackupFile, BackupError } = await import('$lib/storage/backup');
		let parsed;
		try {
			parsed = await readBackupFile(file);
		} catch (error) {
			this.error = error instanceof BackupError ? error.message : 'Ce fichier ne peut pas être importé.';
			return null;
		}
		const code = newRoomCode();
		const id = roomFromCode(code).id;
		const doc = new Y.Doc();
		Y.applyUpdate(doc, parsed.update);
		// Whoever imports a backup runs the copy: they take the place of its animateur (restoring one's
		// atelier on another laptop is what this is for); an atelier without one gets this person.
		const animateur = readRoster(doc).find((p) => p.role === 'animateur');
		const me = animateur
			? { participantId: animateur.id, name: animateur.name, role: 'animateur' }
			: { participantId: newId(), name: '', role: 'animateur' };
		let failure: string | null = null;
		try {
			await this.#store.saveRecord(id, { code, me });
			const saving = this.#store.persist(id, doc, (message) => (failure = message));
			await saving.flushed();
			saving.stop();
		} catch (error) {
			failure = storageMessage(error);
		}
		doc.destroy();
		await this.refresh();
		if (failure) {
			this.error = failure;
			return null;
		}
		this.error = null;
		return id;
	}

	async remove(id: string): Promise<void> {
		try {
			await this.#store.remove(id);
		} catch (error) {
			this.error = storageMessage(error);
		}
		await this.refresh();
	}
}
