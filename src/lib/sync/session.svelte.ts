// One open atelier on this device, as reactive state for the atelier page: the Y.Doc loaded from
// IndexedDB and saved as it changes, and its peers when the atelier has a room code. Components read
// the document through the model's functions and `version` (bumped on every change).
import * as Y from 'yjs';
import {
	addSheet,
	getSheet,
	isAtelier,
	joinRoster,
	listSheets,
	ModelError,
	newId,
	readMeta,
	readRoster,
	type AtelierMeta,
	type Participant,
	type Role,
	type SheetMap,
	type SheetSummary,
	type SheetTemplate
} from '$lib/model';
import { frenchTypography } from '$lib/content/typography';
import type { AtelierPeers } from './peers.ts';
import type { PeerStatus, Presence } from './status.ts';
import { joinLink, roomFromCode, type Room } from '$lib/shared/room';
import { AtelierStore, storageMessage, type AtelierRecord, type Persistence } from './store.ts';

export interface SessionOptions {
	origin: string;
	store?: AtelierStore;
	/** For tests and odd networks: turn a transport off. */
	webrtc?: boolean;
	relay?: boolean;
	/** False for read-only views (the printable report): no peers. */
	connect?: boolean;
}

/**
 * Hosted signaling servers, set at build time (`VITE_ATELIER_SIGNALING=wss://a/signal,wss://b/signal`);
 * by default the atelier server's own /signal on the page's origin.
 */
function configuredSignaling(): string[] | undefined {
	const value: unknown = import.meta.env.VITE_ATELIER_SIGNALING;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return value.split(',').map((url) => url.trim()).filter((url) => /^wss?:\/\//.test(url));
}

const OFFLINE: PeerStatus = { state: 'hors-ligne', pending: false, relay: 'deconnecte', webrtcPeers: 0, lastSyncedAt: null };

export class AtelierSession {
	readonly id: string;
	version = $state(0);
	record = $state<AtelierRecord | null>(null);
	status = $state<PeerStatus>(OFFLINE);
	presence = $state<Presence[]>([]);
	/** A problem reported by the peers (refused update, wrong key), in French. */
	problem = $state<string | null>(null);
	/** A storage failure, in French. */
	error = $state<string | null>(null);
	/** Stored rows that could not be read when the atelier was opened. */
	skipped = $state(0);
	room: Room | null = null;
	#doc: Y.Doc;
	#store: AtelierStore;
	#persistence: Persistence | null = null;
	#peers: AtelierPeers | null = null;
	#options: SessionOptions;
	#stop: (() => void)[] = [];
	#closed = false;
	#migrated = false;

	private constructor(id: string, doc: Y.Doc, store: AtelierStore, options: SessionOptions) {
		this.id = id;
		this.#doc = doc;
		this.#store = store;
		this.#options = options;
	}

	/** Opens an atelier stored on this device. Throws a French message if it cannot be read. */
	static async open(id: string, options: SessionOptions): Promise<AtelierSession> {
		const store = options.store ?? new AtelierStore();
		const doc = new Y.Doc();
		const report: { skipped: number; migrated?: boolean } = { skipped: 0 };
		let record: AtelierRecord | undefined;
		try {
			record = await store.record(id);
			await store.load(id, doc, report);
		} catch (error) {
			doc.destroy();
			throw new Error(storageMessage(error), { cause: error });
		}
		if (!record) {
			doc.destroy();
			throw new Error(frenchTypography('Cet atelier n’existe pas sur cet appareil : il a peut-être été supprimé. Pour le rejoindre, scannez à nouveau le code QR de l’animateur.'));
		}
		const session = new AtelierSession(id, doc, store, options);
		session.record = record;
		session.skipped = report.skipped;
		session.#migrated = report.migrated === true;
		session.#start();
		return session;
	}

	#start(): void {
		const onUpdate = () => this.version++;
		this.#doc.on('update', onUpdate);
		this.#stop.push(() => this.#doc.off('update', onUpdate));
		this.#persistence = this.#store.persist(this.id, this.#doc, (message) => (this.error = message), { writeInitialState: this.skipped > 0 || this.#migrated });
		const code = this.record?.code;
		if (code) {
			this.room = roomFromCode(code);
			if (this.#options.connect !== false) void this.#connect();
		}
	}

	// The peer stack (y-webrtc, Hocuspocus) loads only for ateliers shared through a room, and after
	// the document is on screen.
	async #connect(): Promise<void> {
		if (!this.room || this.#peers) return;
		const { AtelierPeers } = await import('./peers.ts');
		if (this.#closed || this.#peers) return;
		const me = this.me;
		const colour = me ? (this.roster.find((p) => p.id === me.participantId)?.colour ?? '#555555') : '#555555';
		const peers = new AtelierPeers({
			room: this.room,
			doc: this.#doc,
			origin: this.#options.origin,
			webrtc: this.#options.webrtc,
			relay: this.#options.relay,
			signaling: configuredSignaling(),
			user: { participantId: me?.participantId ?? '', name: me?.name || 'Anonyme', colour, role: me?.role ?? 'participant' }
		});
		this.#peers = peers;
		const refresh = () => {
			this.status = peers.status;
			this.presence = peers.presence();
			this.problem = peers.problem;
		};
		this.#stop.push(peers.subscribe(refresh));
		refresh();
	}

	get me(): AtelierRecord['me'] | undefined {
		return this.record?.me;
	}

	get ready(): boolean {
		void this.version;
		return isAtelier(this.#doc);
	}

	get meta(): AtelierMeta | null {
		void this.version;
		return isAtelier(this.#doc) ? readMeta(this.#doc) : null;
	}

	get roster(): Participant[] {
		void this.version;
		return isAtelier(this.#doc) ? readRoster(this.#doc) : [];
	}

	get sheets(): SheetSummary[] {
		void this.version;
		return isAtelier(this.#doc) ? listSheets(this.#doc) : [];
	}

	get isFacilitator(): boolean {
		return this.me?.role === 'animateur';
	}

	/** The sheet's shared map, for the model's per-type functions. */
	sheet(id: string): SheetMap | null {
		void this.version;
		try {
			return getSheet(this.#doc, id);
		} catch {
			return null;
		}
	}

	joinLink(): string | null {
		return this.room ? joinLink(this.#options.origin, this.room.code) : null;
	}

	/** Records who uses this device; adds them to the atelier's roster once the atelier has arrived. */
	async identify(name: string, role: Role): Promise<string | null> {
		const participantId = this.me?.participantId ?? newId();
		const me = { participantId, name: name.trim(), role };
		if (!me.name) return frenchTypography('Indiquez votre nom ou un pseudonyme : il sera visible des autres participants.');
		try {
			await this.#store.saveRecord(this.id, { me });
			this.record = (await this.#store.record(this.id)) ?? this.record;
		} catch (error) {
			return storageMessage(error);
		}
		this.#enrol();
		return null;
	}

	/** Adds this device's person to the roster when both are known (the doc may arrive later). */
	#enrol(): void {
		const me = this.me;
		if (!me?.name || !isAtelier(this.#doc)) return;
		const existing = readRoster(this.#doc).find((p) => p.id === me.participantId);
		let colour = existing?.colour ?? '#555555';
		if (!existing || existing.name !== me.name || existing.role !== me.role) {
			colour = joinRoster(this.#doc, { id: me.participantId, name: me.name, role: me.role as Role });
		}
		this.#peers?.setUser({ participantId: me.participantId, name: me.name, colour, role: me.role });
	}

	/** Called by the page once the doc has arrived from the peers. */
	enrolWhenReady(): void {
		this.#enrol();
	}

	addSheet(template: SheetTemplate): string | null {
		try {
			return addSheet(this.#doc, template, { createdBy: this.me?.participantId });
		} catch (error) {
			this.error = error instanceof ModelError ? error.message : frenchTypography('Impossible d’ajouter cette fiche.');
			return null;
		}
	}

	/** Runs a model operation on the doc; a ModelError becomes `error`. */
	edit(operation: (doc: Y.Doc) => void): void {
		try {
			operation(this.#doc);
		} catch (error) {
			if (error instanceof ModelError) this.error = error.message;
			else throw error;
		}
	}

	/** Gives the document to an export or import function (loaded by the caller, on demand). */
	withDoc<T>(use: (doc: Y.Doc) => T): T {
		return use(this.#doc);
	}

	setFocus(sheet: string | null, cell: string | null): void {
		this.#peers?.setFocus(sheet, cell);
	}

	/** Waits until every change is written to IndexedDB. */
	async flushed(): Promise<void> {
		await this.#persistence?.flushed();
	}

	async close(): Promise<void> {
		this.#closed = true;
		for (const stop of this.#stop) stop();
		this.#stop = [];
		this.#peers?.destroy();
		this.#peers = null;
		await this.#persistence?.flushed();
		this.#persistence?.stop();
		this.#doc.destroy();
	}
}
