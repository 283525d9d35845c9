// Local-first storage of ateliers in IndexedDB, through Dexie. Every Yjs update is appended as it
// happens, in the same task (nothing typed waits for a timer or for an earlier write), and the updates
// of an atelier are periodically merged into one row (compaction) so reloading stays fast after a long
// day.
import Dexie, { type EntityTable } from 'dexie';
import * as Y from 'yjs';
import { checkUpdate, isAtelier, migrate, readMeta } from '$lib/model';
import { frenchTypography } from '$lib/shared/french';

export interface AtelierRecord {
	id: string;
	title: string;
	date: string;
	territory: string;
	/** ISO time of the last change seen on this device. */
	updatedAt: string;
	/** Room code of the atelier (see room.ts): kept on this device only, never in the document. */
	code?: string;
	/** Who uses this device in this atelier. */
	me?: { participantId: string; name: string; role: string };
	/** Facilitator's sync receipts (receipts.ts), checked when read back. */
	receipts?: unknown;
}

/** A compacted atelier is one row: merging it would decode and re-encode it for nothing. */
function applyRows(doc: Y.Doc, updates: Uint8Array[], origin: unknown): void {
	if (updates.length === 1) Y.applyUpdate(doc, updates[0] as Uint8Array, origin);
	else if (updates.length > 1) Y.applyUpdate(doc, Y.mergeUpdates(updates), origin);
}

interface UpdateRecord {
	seq?: number;
	atelierId: string;
	update: Uint8Array;
}

/**
 * A cross-atelier synthesis kept on this device (issue 17): which ateliers of the device it compares,
 * and the backups imported for it alone: their names here, their Yjs state in a table of its own (read-only,
 * never opened as ateliers), so that ticking an atelier or listing syntheses does not rewrite or read megabytes.
 */
export interface SynthesisRecord {
	id: string;
	name: string;
	atelierIds: string[];
	imported: ImportedSummary[];
	createdAt: string;
	updatedAt: string;
}

export interface ImportedSummary {
	/** The atelier's identity (its creation time): the same atelier given twice is kept once. */
	key: string;
	title: string;
	territory: string;
	date: string;
}

interface SynthesisBackupRecord {
	synthesisId: string;
	key: string;
	update: Uint8Array;
}

class AtelierDatabase extends Dexie {
	ateliers!: EntityTable<AtelierRecord, 'id'>;
	updates!: EntityTable<UpdateRecord, 'seq'>;
	syntheses!: EntityTable<SynthesisRecord, 'id'>;
	synthesisBackups!: Dexie.Table<SynthesisBackupRecord, [string, string]>;

	constructor(name: string) {
		super(name);
		this.version(1).stores({
			ateliers: 'id, updatedAt',
			updates: '++seq, atelierId'
		});
		// Version 2 adds a table; the ateliers' tables are unchanged (declared again, as Dexie's docs show).
		this.version(2).stores({
			ateliers: 'id, updatedAt',
			updates: '++seq, atelierId',
			syntheses: 'id, updatedAt',
			synthesisBackups: '[synthesisId+key], synthesisId'
		});
	}
}

/** Storage failures in French, for the user. */
export class StorageError extends Error {
	override name = 'StorageError';
}

/** What the user reads when storage fails, in French with French typography. */
export function storageMessage(error: unknown): string {
	return frenchTypography(rawStorageMessage(error));
}

function rawStorageMessage(error: unknown): string {
	const name = error instanceof Error ? error.name : '';
	const inner = error instanceof Dexie.DexieError && error.inner instanceof Error ? error.inner.name : '';
	if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
		return 'L’espace de stockage de ce navigateur est plein : supprimez d’anciens ateliers (après les avoir exportés) ou libérez de la place, puis réessayez. Les dernières modifications ne sont pas enregistrées sur cet appareil.';
	}
	// A newer version of the app, open in another tab, upgraded the database: this tab's code is older.
	if (name === 'VersionError' || inner === 'VersionError') {
		return 'L’application a été mise à jour dans un autre onglet : rechargez cette page pour continuer (ce qui est déjà enregistré est conservé).';
	}
	if (name === 'MissingAPIError' || name === 'InvalidStateError') {
		return 'Ce navigateur ne permet pas d’enregistrer les ateliers (navigation privée ?). Ouvrez l’application dans une fenêtre normale.';
	}
	return 'L’enregistrement sur cet appareil a échoué. Rechargez la page ; si le problème persiste, exportez l’atelier.';
}

export interface Persistence {
	/** Resolves once every update seen so far is written (or has failed and been reported). */
	flushed(): Promise<void>;
	/** Stops saving later updates. */
	stop(): void;
}

/** Updates appended before the atelier's rows are merged into one. */
const COMPACT_AFTER = 500;

export class AtelierStore {
	readonly db: AtelierDatabase;

	constructor(name = 'atelier-capacities') {
		this.db = new AtelierDatabase(name);
	}

	async list(): Promise<AtelierRecord[]> {
		return (await this.db.ateliers.orderBy('updatedAt').reverse().toArray()).filter((a) => a.title || a.code);
	}

	/**
	 * Loads the atelier's doc from its stored updates (an unknown id gives an empty doc). A stored
	 * row that does not decode (disk corruption, a bug in an older version) is skipped and counted in
	 * `skipped`, never deleted: the rest of the atelier still opens.
	 */
	async load(id: string, report: { skipped: number; migrated?: boolean } = { skipped: 0 }): Promise<Y.Doc> {
		const rows = await this.db.updates.where('atelierId').equals(id).sortBy('seq');
		const bytes = rows.filter((r) => r.update instanceof Uint8Array && r.update.byteLength > 0).map((r) => r.update);
		let doc = new Y.Doc();
		// Every row was checked before it was stored: applied as they are, they are decoded once, not
		// checked again (a full-day atelier's check alone took a quarter of its opening). A row that
		// does not decode makes Yjs throw, perhaps halfway: that document is dropped, and the rows are
		// checked one by one into a new one.
		try {
			applyRows(doc, bytes, this);
			report.skipped = rows.length - bytes.length;
		} catch {
			doc.destroy();
			doc = new Y.Doc();
			const good = bytes.filter((update) => checkUpdate(update, Number.MAX_SAFE_INTEGER) === null);
			report.skipped = rows.length - good.length;
			applyRows(doc, good, this);
		}
		report.migrated = migrate(doc) === 'migrated';
		return doc;
	}

	/**
	 * Saves every later update of `doc` as it happens, and the doc's current state once now.
	 * `onError` receives a French message.
	 */
	persist(
		id: string,
		doc: Y.Doc,
		onError: (message: string) => void = () => undefined,
		options: { writeInitialState?: boolean } = {}
	): Persistence {
		let pending: Promise<unknown> = Promise.resolve();
		const track = (work: Promise<unknown>) => {
			const done = work.catch((error: unknown) => onError(storageMessage(error)));
			// Settled values are dropped: a day of keystrokes must not pile up in this promise.
			pending = Promise.all([pending, done]).then(() => undefined);
		};
		let sinceCompaction = 0;
		// The updates of one task go in one transaction, created and committed in that task, through
		// IndexedDB itself: Dexie would wait for the write's result before committing, one more round
		// trip. IndexedDB runs transactions over the same store in the order they were created, so
		// nothing waits in this page's memory for an earlier write. (Writes chained one after the
		// other fell behind typing on a slow tablet: the end of a sentence was lost when the tab
		// closed 100 ms later.)
		//
		// Dexie closes its connection at times (the page entering the back-forward cache, a version
		// change, Safari dropping it) and reopens it on its next query: then the batch goes through
		// Dexie. And after a failed write the next one carries the whole document, so a later reload
		// from this device misses nothing that was typed after the gap.
		let queued: Uint8Array[] = [];
		let gap = false;
		const native = (batch: Uint8Array[]) =>
			new Promise<void>((resolve, reject) => {
				const transaction = this.db.backendDB().transaction('updates', 'readwrite');
				const updates = transaction.objectStore('updates');
				for (const update of batch) updates.add({ atelierId: id, update });
				transaction.oncomplete = () => resolve();
				transaction.onabort = () => reject(transaction.error ?? new DOMException('Transaction aborted', 'AbortError'));
				transaction.commit();
			});
		const viaDexie = (batch: Uint8Array[]) =>
			this.db.updates.bulkAdd(batch.map((update) => ({ atelierId: id, update }))).then(() => undefined);
		const drain = () => {
			const batch = gap ? [Y.encodeStateAsUpdate(doc)] : queued;
			queued = [];
			gap = false;
			// A connection closed under us rejects with InvalidStateError (or finds no database at all).
			const closed = (error: unknown) =>
				(error instanceof DOMException && error.name === 'InvalidStateError') || error instanceof TypeError;
			const written = this.db.isOpen()
				? native(batch).catch((error: unknown) => (closed(error) ? viaDexie(batch) : Promise.reject(error)))
				: viaDexie(batch);
			track(
				written
					.catch((error: unknown) => {
						gap = true;
						throw error;
					})
					.then(async () => {
						sinceCompaction += batch.length;
						if (sinceCompaction >= COMPACT_AFTER) {
							sinceCompaction = 0;
							await this.compact(id);
						}
					})
			);
		};
		const write = (update: Uint8Array) => {
			queued.push(update);
			if (queued.length === 1) queueMicrotask(drain);
			touch();
		};
		// The atelier's listing (title, last change) follows in its own transactions, at most one
		// running and one waiting: it is not the text, and it must not hold the text back.
		let touchRunning = false;
		let touchAgain = false;
		const touch = () => {
			if (touchRunning) {
				touchAgain = true;
				return;
			}
			touchRunning = true;
			track(
				(async () => {
					try {
						do {
							touchAgain = false;
							await this.db.transaction('rw', this.db.ateliers, () => this.#touch(id, doc));
						} while (touchAgain);
					} finally {
						touchRunning = false;
					}
				})()
			);
		};
		const onUpdate = (update: Uint8Array, origin: unknown) => {
			if (origin !== this) write(update);
		};
		doc.on('update', onUpdate);
		// A doc just loaded from this store is already saved: writing its whole state again would only
		// slow down opening a big atelier.
		if (options.writeInitialState !== false) write(Y.encodeStateAsUpdate(doc));
		return {
			flushed: async () => {
				// Writes issued while waiting are waited for too.
				let seen: Promise<unknown> | null = null;
				while (seen !== pending) {
					seen = pending;
					await seen;
				}
			},
			stop: () => doc.off('update', onUpdate)
		};
	}

	async #touch(id: string, doc: Y.Doc): Promise<void> {
		const meta = isAtelier(doc) ? readMeta(doc) : { title: '', date: '', territory: '' };
		const existing = await this.db.ateliers.get(id);
		await this.db.ateliers.put({
			...existing,
			id,
			title: meta.title,
			date: meta.date,
			territory: meta.territory,
			updatedAt: new Date().toISOString()
		});
	}

	async record(id: string): Promise<AtelierRecord | undefined> {
		return this.db.ateliers.get(id);
	}

	/** Creates or updates the device-side record of an atelier (code, who I am). */
	async saveRecord(id: string, patch: Partial<Omit<AtelierRecord, 'id'>>): Promise<void> {
		await this.db.transaction('rw', this.db.ateliers, async () => {
			const existing = await this.db.ateliers.get(id);
			await this.db.ateliers.put({ title: '', date: '', territory: '', updatedAt: new Date().toISOString(), ...existing, ...patch, id });
		});
	}

	/** Merges the atelier's stored updates into one row. */
	async compact(id: string): Promise<void> {
		await this.db.transaction('rw', this.db.updates, async () => {
			// Rows that do not decode are left as they are (see load).
			const rows = (await this.db.updates.where('atelierId').equals(id).sortBy('seq')).filter(
				(r) => checkUpdate(r.update, Number.MAX_SAFE_INTEGER) === null
			);
			if (rows.length < 2) return;
			const merged = Y.mergeUpdates(rows.map((r) => r.update));
			await this.db.updates.bulkDelete(rows.map((r) => r.seq as number));
			await this.db.updates.add({ atelierId: id, update: merged });
		});
	}

	async remove(id: string): Promise<void> {
		await this.db.transaction('rw', this.db.updates, this.db.ateliers, async () => {
			await this.db.updates.where('atelierId').equals(id).delete();
			await this.db.ateliers.delete(id);
		});
	}

	async listSyntheses(): Promise<SynthesisRecord[]> {
		return this.db.syntheses.orderBy('updatedAt').reverse().toArray();
	}

	async synthesis(id: string): Promise<SynthesisRecord | undefined> {
		return this.db.syntheses.get(id);
	}

	async saveSynthesis(record: SynthesisRecord): Promise<void> {
		await this.db.syntheses.put(record);
	}

	async removeSynthesis(id: string): Promise<void> {
		await this.db.transaction('rw', this.db.syntheses, this.db.synthesisBackups, async () => {
			await this.db.synthesisBackups.where('synthesisId').equals(id).delete();
			await this.db.syntheses.delete(id);
		});
	}

	/** The Yjs state of a backup imported for a synthesis, or null. */
	async synthesisBackup(synthesisId: string, key: string): Promise<Uint8Array | null> {
		return (await this.db.synthesisBackups.get([synthesisId, key]))?.update ?? null;
	}

	/** Saves a backup's state and the synthesis that names it, together. */
	async saveSynthesisBackup(record: SynthesisRecord, key: string, update: Uint8Array): Promise<void> {
		await this.db.transaction('rw', this.db.syntheses, this.db.synthesisBackups, async () => {
			await this.db.synthesisBackups.put({ synthesisId: record.id, key, update });
			await this.db.syntheses.put(record);
		});
	}

	/** Saves the synthesis without a backup, and forgets that backup's state. */
	async removeSynthesisBackup(record: SynthesisRecord, key: string): Promise<void> {
		await this.db.transaction('rw', this.db.syntheses, this.db.synthesisBackups, async () => {
			await this.db.synthesisBackups.delete([record.id, key]);
			await this.db.syntheses.put(record);
		});
	}

	/** Bytes stored for the atelier (its updates). */
	async size(id: string): Promise<number> {
		const rows = await this.db.updates.where('atelierId').equals(id).toArray();
		return rows.reduce((n, r) => n + r.update.byteLength, 0);
	}
}
