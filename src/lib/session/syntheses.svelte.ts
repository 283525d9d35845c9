// Cross-atelier syntheses on this device (issue 17), as reactive state for the « Synthèses » page.
// A synthesis names ateliers of this device and holds backups imported for it alone; it reads them,
// never writes to them: each atelier is loaded into a document of its own, compared
// (report/comparison.ts), and the documents are dropped. Works offline: everything is in IndexedDB.
import * as Y from 'yjs';
import { migrate, newId, readMeta } from '$lib/model';
import { isoNow } from '$lib/shared/clock';
import { frenchTypography } from '$lib/shared/french';
import { AtelierStore, storageMessage, type AtelierRecord, type ImportedAtelier, type SynthesisRecord } from '$lib/storage/store';
import type { Block, DocumentInput } from '$lib/report/blocks';

export interface SynthesisSummary {
	id: string;
	name: string;
	ateliers: number;
	updatedAt: string;
}

const NAME_MAX = 120;
/** More than this and the side-by-side pages stop being readable, and the bench's budget no longer holds. */
export const SYNTHESIS_MAX_ATELIERS = 30;

function cleanName(name: string): string {
	return name.replace(/\s+/g, ' ').trim().slice(0, NAME_MAX);
}

/** The list of syntheses and the ateliers one can choose from. */
export class Syntheses {
	items = $state<SynthesisSummary[]>([]);
	loaded = $state(false);
	error = $state<string | null>(null);
	#store: AtelierStore;

	constructor(store = new AtelierStore()) {
		this.#store = store;
	}

	async refresh(): Promise<void> {
		try {
			this.items = (await this.#store.listSyntheses()).map((s) => ({
				id: s.id,
				name: s.name,
				ateliers: s.atelierIds.length + s.imported.length,
				updatedAt: s.updatedAt
			}));
			this.error = null;
		} catch (error) {
			this.error = storageMessage(error);
		} finally {
			this.loaded = true;
		}
	}

	/** Creates an empty synthesis; returns its id, or null with `error` set. */
	async create(name: string): Promise<string | null> {
		const clean = cleanName(name);
		if (!clean) {
			this.error = 'Donnez un nom à la synthèse.';
			return null;
		}
		const now = isoNow();
		const record: SynthesisRecord = { id: newId(), name: clean, atelierIds: [], imported: [], createdAt: now, updatedAt: now };
		try {
			await this.#store.saveSynthesis(record);
		} catch (error) {
			this.error = storageMessage(error);
			return null;
		}
		await this.refresh();
		return record.id;
	}

	async remove(id: string): Promise<void> {
		try {
			await this.#store.removeSynthesis(id);
		} catch (error) {
			this.error = storageMessage(error);
		}
		await this.refresh();
	}
}

/** One synthesis, opened: its choices, and the comparison's blocks once computed. */
export class OpenSynthesis {
	record = $state<SynthesisRecord | null>(null);
	/** The ateliers of this device, to choose from. */
	ateliers = $state<AtelierRecord[]>([]);
	blocks = $state.raw<Block[]>([]);
	computing = $state(false);
	error = $state<string | null>(null);
	notice = $state<string | null>(null);
	#store: AtelierStore;
	#computations = 0;

	constructor(store = new AtelierStore()) {
		this.#store = store;
	}

	async open(id: string): Promise<boolean> {
		try {
			const [record, ateliers] = await Promise.all([this.#store.synthesis(id), this.#store.list()]);
			this.ateliers = ateliers;
			if (!record) {
				this.error = 'Cette synthèse n’existe pas sur cet appareil.';
				return false;
			}
			// An atelier deleted from this device since is dropped from the synthesis, not shown as missing.
			this.record = { ...record, atelierIds: record.atelierIds.filter((a) => ateliers.some((b) => b.id === a)) };
			await this.compute();
			return true;
		} catch (error) {
			this.error = storageMessage(error);
			return false;
		}
	}

	get count(): number {
		return (this.record?.atelierIds.length ?? 0) + (this.record?.imported.length ?? 0);
	}

	async #save(patch: Partial<Omit<SynthesisRecord, 'id' | 'createdAt'>>): Promise<boolean> {
		if (!this.record) return false;
		const next: SynthesisRecord = { ...$state.snapshot(this.record), ...patch, updatedAt: isoNow() } as SynthesisRecord;
		try {
			await this.#store.saveSynthesis(next);
		} catch (error) {
			this.error = storageMessage(error);
			return false;
		}
		this.record = next;
		this.error = null;
		return true;
	}

	async rename(name: string): Promise<void> {
		const clean = cleanName(name);
		if (!clean) {
			this.error = 'Donnez un nom à la synthèse.';
			return;
		}
		if (await this.#save({ name: clean })) await this.compute();
	}

	async choose(atelierId: string, chosen: boolean): Promise<void> {
		if (!this.record) return;
		const ids = this.record.atelierIds.filter((id) => id !== atelierId);
		if (chosen) {
			if (this.count >= SYNTHESIS_MAX_ATELIERS) {
				this.error = frenchTypography(`Une synthèse compare ${SYNTHESIS_MAX_ATELIERS} ateliers au plus : retirez-en un d’abord.`);
				return;
			}
			ids.push(atelierId);
		}
		if (await this.#save({ atelierIds: ids })) await this.compute();
	}

	/**
	 * Adds a JSON backup to this synthesis only (it does not become an atelier of this device). A
	 * foreign, corrupt or newer file is refused with a French message and changes nothing; a second
	 * copy of an atelier already there is merged with the first, so it counts once.
	 */
	async importBackup(file: Blob): Promise<void> {
		if (!this.record) return;
		this.notice = null;
		const { readBackupFile, BackupError } = await import('$lib/storage/backup');
		let parsed;
		try {
			parsed = await readBackupFile(file);
		} catch (error) {
			this.error = error instanceof BackupError ? error.message : 'Ce fichier ne peut pas être lu.';
			return;
		}
		const key = parsed.meta.createdAt;
		const imported = [...this.record.imported];
		const same = imported.findIndex((i) => i.key === key);
		const entry: ImportedAtelier = {
			key,
			title: parsed.meta.title,
			territory: parsed.meta.territory,
			date: parsed.meta.date,
			update: same >= 0 ? Y.mergeUpdates([imported[same]!.update, parsed.update]) : parsed.update
		};
		if (same >= 0) imported[same] = entry;
		else {
			if (this.count >= SYNTHESIS_MAX_ATELIERS) {
				this.error = frenchTypography(`Une synthèse compare ${SYNTHESIS_MAX_ATELIERS} ateliers au plus : retirez-en un d’abord.`);
				return;
			}
			imported.push(entry);
		}
		if (!(await this.#save({ imported }))) return;
		const onDevice = await this.#onDevice(key);
		this.notice = frenchTypography(
			same >= 0 || onDevice
				? `« ${parsed.meta.title} » était déjà dans la synthèse : les deux copies sont réunies, l’atelier compte une fois.`
				: `« ${parsed.meta.title} » est ajouté à la synthèse (sans devenir un atelier de cet appareil).`
		);
		await this.compute();
	}

	/** Whether a chosen atelier of this device is the same atelier as `key`. */
	async #onDevice(key: string): Promise<boolean> {
		for (const id of this.record?.atelierIds ?? []) {
			const doc = await this.#store.load(id);
			const same = readMeta(doc).createdAt === key;
			doc.destroy();
			if (same) return true;
		}
		return false;
	}

	async removeImported(key: string): Promise<void> {
		if (!this.record) return;
		if (await this.#save({ imported: this.record.imported.filter((i) => i.key !== key) })) await this.compute();
	}

	/** Every atelier of the synthesis, each in a document of its own, pushed to `docs` (which the caller destroys). */
	async #load(record: SynthesisRecord, docs: Y.Doc[]): Promise<void> {
		for (const id of record.atelierIds) docs.push(await this.#store.load(id));
		for (const imported of record.imported) {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, imported.update);
			migrate(doc);
			docs.push(doc);
		}
	}

	/** Loads every chosen atelier into a scratch document, compares them, and drops the documents. */
	async compute(): Promise<void> {
		const record = this.record;
		if (!record) return;
		const run = ++this.#computations;
		this.computing = true;
		const docs: Y.Doc[] = [];
		try {
			const [{ compareAteliers }, { comparisonBlocks }] = await Promise.all([
				import('$lib/report/comparison'),
				import('$lib/report/comparison-blocks')
			]);
			await this.#load(record, docs);
			const blocks = comparisonBlocks(compareAteliers(docs), { name: record.name, generatedAt: isoNow() });
			if (run === this.#computations) this.blocks = blocks;
		} catch (error) {
			if (run === this.#computations) this.error = error instanceof Error ? frenchTypography(error.message) : String(error);
		} finally {
			for (const doc of docs) doc.destroy();
			if (run === this.#computations) this.computing = false;
		}
	}

	/** The computed synthesis, for the document writers. */
	document(): DocumentInput | null {
		if (!this.record) return null;
		return {
			title: this.record.name,
			date: isoNow().slice(0, 10),
			description: 'Synthèse d’ateliers',
			generatedAt: isoNow(),
			blocks: this.blocks
		};
	}

	/** The answers side by side as CSV (one row per question, one column per atelier). */
	async csv(): Promise<string> {
		const record = this.record;
		if (!record) return '';
		const docs: Y.Doc[] = [];
		try {
			const [{ compareAteliers }, { comparisonRows }, { rowsCsv }] = await Promise.all([
				import('$lib/report/comparison'),
				import('$lib/report/comparison-blocks'),
				import('$lib/report/csv')
			]);
			await this.#load(record, docs);
			return rowsCsv(comparisonRows(compareAteliers(docs)), ';');
		} finally {
			for (const doc of docs) doc.destroy();
		}
	}
}
