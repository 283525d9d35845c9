// Cross-atelier syntheses on this device (issue 17), as reactive state for the « Synthèses » page.
// A synthesis names ateliers of this device and holds backups imported for it alone; it reads them,
// never writes to them: each atelier is loaded into a document of its own, compared
// (report/comparison.ts), and the documents are dropped. Works offline: everything is in IndexedDB.
import * as Y from 'yjs';
import { migrate, newId } from '$lib/model';
import { isoNow } from '$lib/shared/clock';
import { frenchTypography } from '$lib/shared/french';
import { AtelierStore, storageMessage, type AtelierRecord, type ImportedSummary, type SynthesisRecord } from '$lib/storage/store';
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
	/** Changes run one after the other, each from the record the previous one saved (two quick ticks keep both). */
	#queue: Promise<unknown> = Promise.resolve();
	/** The identities (creation times) of the chosen ateliers of this device, read by the last computation. */
	#deviceKeys: string[] = [];

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

	/** Ateliers and backups chosen (before copies of one atelier are counted once). */
	get count(): number {
		return (this.record?.atelierIds.length ?? 0) + (this.record?.imported.length ?? 0);
	}

	#run(change: (record: SynthesisRecord) => Promise<void>): Promise<void> {
		const next = this.#queue.then(() => (this.record ? change(this.record) : undefined));
		this.#queue = next.catch(() => undefined);
		return next;
	}

	/** Saves the record with `patch` (and, through `write`, a backup's state in the same transaction). */
	async #save(
		record: SynthesisRecord,
		patch: Partial<Omit<SynthesisRecord, 'id' | 'createdAt'>>,
		write: (next: SynthesisRecord) => Promise<void> = (next) => this.#store.saveSynthesis(next)
	): Promise<boolean> {
		// A plain copy: IndexedDB cannot store Svelte's state proxies (a patch may hold entries read from the state).
		const next = $state.snapshot({ ...record, ...patch, updatedAt: isoNow() }) as SynthesisRecord;
		try {
			await write(next);
		} catch (error) {
			this.error = storageMessage(error);
			return false;
		}
		this.record = next;
		this.error = null;
		return true;
	}

	#tooMany(): boolean {
		if (this.count < SYNTHESIS_MAX_ATELIERS) return false;
		this.error = frenchTypography(`Une synthèse compare ${SYNTHESIS_MAX_ATELIERS} ateliers au plus : retirez-en un d’abord.`);
		return true;
	}

	rename(name: string): Promise<void> {
		return this.#run(async (record) => {
			const clean = cleanName(name);
			if (!clean) {
				this.error = 'Donnez un nom à la synthèse.';
				return;
			}
			if (await this.#save(record, { name: clean })) await this.compute();
		});
	}

	choose(atelierId: string, chosen: boolean): Promise<void> {
		return this.#run(async (record) => {
			const ids = record.atelierIds.filter((id) => id !== atelierId);
			if (chosen) {
				if (!record.atelierIds.includes(atelierId) && this.#tooMany()) return;
				ids.push(atelierId);
			}
			if (await this.#save(record, { atelierIds: ids })) await this.compute();
		});
	}

	/**
	 * Adds a JSON backup to this synthesis only (it does not become an atelier of this device). A
	 * foreign, corrupt, newer or undated file is refused with a French message and changes nothing; a
	 * second copy of an atelier already there is merged with the first, so it counts once.
	 */
	async importBackup(file: Blob): Promise<void> {
		this.notice = null;
		const { readBackupFile, BackupError } = await import('$lib/storage/backup');
		let parsed: Awaited<ReturnType<typeof readBackupFile>>;
		try {
			parsed = await readBackupFile(file);
		} catch (error) {
			this.error = error instanceof BackupError ? error.message : 'Ce fichier ne peut pas être lu.';
			return;
		}
		const { atelierKey } = await import('$lib/report/comparison');
		const scratch = new Y.Doc();
		Y.applyUpdate(scratch, parsed.update);
		const key = atelierKey(scratch);
		scratch.destroy();
		if (!key) {
			this.error = frenchTypography(
				'Cette sauvegarde ne dit pas quand l’atelier a été créé : elle ne peut pas être comparée sans risquer de la confondre avec un autre atelier.'
			);
			return;
		}
		await this.#run(async (record) => {
			const imported = [...record.imported];
			const same = imported.findIndex((i) => i.key === key);
			const entry: ImportedSummary = { key, title: parsed.meta.title, territory: parsed.meta.territory, date: parsed.meta.date };
			if (same >= 0) imported[same] = entry;
			else {
				if (this.#tooMany()) return;
				imported.push(entry);
			}
			let update = parsed.update;
			try {
				const before = same >= 0 ? await this.#store.synthesisBackup(record.id, key) : null;
				if (before) update = Y.mergeUpdates([before, parsed.update]);
			} catch (error) {
				this.error = storageMessage(error);
				return;
			}
			if (!(await this.#save(record, { imported }, (next) => this.#store.saveSynthesisBackup(next, key, update)))) return;
			const twice = same >= 0 || this.#deviceKeys.includes(key);
			await this.compute();
			this.notice = frenchTypography(
				twice
					? `« ${parsed.meta.title} » était déjà dans la synthèse : les deux copies sont réunies, l’atelier compte une fois.`
					: `« ${parsed.meta.title} » est ajouté à la synthèse (sans devenir un atelier de cet appareil).`
			);
		});
	}

	removeImported(key: string): Promise<void> {
		return this.#run(async (record) => {
			const imported = record.imported.filter((i) => i.key !== key);
			if (await this.#save(record, { imported }, (next) => this.#store.removeSynthesisBackup(next, key))) await this.compute();
		});
	}

	/** Every atelier of the synthesis, each in a document of its own, pushed to `docs` (which the caller destroys). */
	async #load(record: SynthesisRecord, docs: Y.Doc[]): Promise<void> {
		for (const id of record.atelierIds) docs.push(await this.#store.load(id));
		for (const imported of record.imported) {
			const update = await this.#store.synthesisBackup(record.id, imported.key);
			// A state lost from the disk (storage cleared by the browser) leaves the others to compare.
			if (!update) continue;
			const doc = new Y.Doc();
			Y.applyUpdate(doc, update);
			migrate(doc);
			docs.push(doc);
		}
	}

	/** Loads every chosen atelier into a scratch document, compares them, renders the blocks, and drops the documents. */
	async compute(): Promise<void> {
		const record = this.record;
		if (!record) return;
		const run = ++this.#computations;
		this.computing = true;
		const docs: Y.Doc[] = [];
		try {
			const [{ atelierKey, compareAteliers }, { comparisonBlocks }] = await Promise.all([
				import('$lib/report/comparison'),
				import('$lib/report/comparison-blocks')
			]);
			await this.#load(record, docs);
			const comparison = compareAteliers(docs);
			const blocks = comparisonBlocks(comparison, { name: record.name, generatedAt: isoNow() });
			if (run !== this.#computations) return;
			this.#deviceKeys = docs.slice(0, record.atelierIds.length).flatMap((doc) => atelierKey(doc) ?? []);
			this.blocks = blocks;
			this.error = null;
		} catch {
			if (run !== this.#computations) return;
			// What is shown and exported must never be an older synthesis than the choices on screen.
			this.blocks = [];
			this.error = frenchTypography(
				'La synthèse n’a pas pu être calculée : un des ateliers choisis ne se lit pas. Retirez-le, ou rechargez la page.'
			);
		} finally {
			for (const doc of docs) doc.destroy();
			if (run === this.#computations) this.computing = false;
		}
	}

	/** The computed synthesis, for the document writers. */
	document(): DocumentInput | null {
		if (!this.record || this.computing || this.blocks.length === 0) return null;
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
