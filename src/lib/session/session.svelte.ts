// One open atelier on this device, as reactive state for the atelier page: the Y.Doc loaded from
// IndexedDB and saved as it changes, and its peers when the atelier has a room code. Components read
// the document through the model's functions and `version` (bumped on every change).
import { untrack } from 'svelte';
import * as Y from 'yjs';
import {
	addSheet,
	facilitation,
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
import { frenchTypography } from '$lib/shared/french';
import type { AtelierPeers } from '$lib/sync/peers';
import type { PeerStatus, Presence } from '$lib/sync/status';
import { joinLink, roomFromCode, type Room } from '$lib/shared/room';
import { AtelierStore, storageMessage, type AtelierRecord, type Persistence } from '$lib/storage/store';
import { readReceipts, updateReceipts, type Receipt } from '$lib/sync/receipts';
import { readTimerRecord } from '$lib/sync/received';

/** The countdown as this device shows it: the shared state and when this device saw it (performance.now()). */
export interface TimerView {
	state: facilitation.TimerState;
	seenAt: number;
	/** Seen as it happened, rather than found on opening (then a facilitator's published countdown wins). */
	live: boolean;
}

function stateVector(doc: Y.Doc): Record<string, number> {
	return Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));
}

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
	/** An action the model refused (locked sheet, facilitator-only control, vote budget), in French. */
	refusal = $state<string | null>(null);
	/** Stored rows that could not be read when the atelier was opened. */
	skipped = $state(0);
	timer = $state.raw<TimerView | null>(null);
	/** Facilitator only: every device that took part, and whether the laptop has all its edits. */
	receipts = $state.raw<Record<string, Receipt>>({});
	room: Room | null = null;
	#doc: Y.Doc;
	#store: AtelierStore;
	#persistence: Persistence | null = null;
	#peers: AtelierPeers | null = null;
	#options: SessionOptions;
	#stop: (() => void)[] = [];
	#closed = false;
	#migrated = false;
	#publishTimer: ReturnType<typeof setTimeout> | null = null;
	#receiptsSavedAt = 0;
	/** Not reactive on purpose: `version` is. */
	#cache: Record<string, { version: number; value: unknown }> = {};
	/** The last facilitator's countdown publication seen (see #catchUpTimer). */
	#publishedTimer: string | null = null;

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
		session.receipts = readReceipts(record.receipts);
		session.skipped = report.skipped;
		session.#migrated = report.migrated === true;
		session.#start();
		return session;
	}

	#start(): void {
		this.#watchTimer(false);
		const onUpdate = () =>
			untrack(() => {
				this.version++;
				this.#watchTimer(true);
				this.#schedulePublish();
				// An edit that arrives after the device's published state vector settles its receipt.
				if (this.#peers && Object.values(this.receipts).some((r) => r.unseen)) this.#noteReceipts();
			});
		this.#doc.on('update', onUpdate);
		this.#stop.push(() => this.#doc.off('update', onUpdate));
		// While a countdown runs, a facilitator's device republishes it every 5 s for late arrivals.
		const beat = setInterval(() => {
			if (this.timer?.state.running && this.isFacilitator) this.#publish();
		}, 5_000);
		this.#stop.push(() => clearInterval(beat));
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
		const { AtelierPeers } = await import('$lib/sync/peers');
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
		// Awareness changes can arrive synchronously inside a component's effect (setFocus, setUser):
		// what refresh reads must not become that effect's dependency, or it would rerun forever.
		const refresh = () =>
			untrack(() => {
				this.status = peers.status;
				this.presence = peers.presence();
				this.problem = peers.problem;
				this.#catchUpTimer();
				this.#noteReceipts();
			});
		this.#stop.push(peers.subscribe(refresh));
		refresh();
		this.#publish();
	}

	// ---- timer ----

	/** Notes when this device saw the timer's current state, on its own monotonic clock. */
	#watchTimer(live: boolean): void {
		const state = facilitation.readTimer(this.#doc);
		if (!state) {
			this.timer = null;
			return;
		}
		if (this.timer?.state.revision === state.revision) return;
		const now = performance.now();
		if (live) {
			this.timer = { state, seenAt: now, live };
			this.#rememberTimer(state.revision);
			if (this.isFacilitator) this.#publish();
			return;
		}
		// Reopened on a device that saw this countdown start: its own wall clock, compared with itself,
		// says how long ago that was (other devices' clocks never come into it).
		const seenAgo = this.#recalledTimer(state.revision);
		this.timer = seenAgo === null ? { state, seenAt: now, live: false } : { state, seenAt: now - seenAgo, live: true };
	}

	get #timerKey(): string {
		return `atelier-minuteur-${this.id}`;
	}

	#rememberTimer(revision: number): void {
		try {
			localStorage.setItem(this.#timerKey, JSON.stringify({ revision, seenWall: Date.now() }));
		} catch {
			// No storage (private mode, quota): a reload then catches up from the facilitator's device.
		}
	}

	/** How long ago (ms) this device saw the countdown of `revision` start, or null. */
	#recalledTimer(revision: number): number | null {
		try {
			return readTimerRecord(localStorage.getItem(this.#timerKey), revision, Date.now());
		} catch {
			return null;
		}
	}

	/**
	 * A device that opened mid-countdown takes the remaining time a facilitator's device publishes
	 * every 5 s. The value found on connecting may be up to 5 s old, so it is a first estimate; the
	 * next publication, seen as it arrives, sets the countdown for good.
	 */
	#catchUpTimer(): void {
		const view = this.timer;
		if (!view || view.live || !view.state.running) return;
		const published = this.presence.find((p) => !p.self && p.timer?.revision === view.state.revision && facilitation.isFacilitator(this.#doc, p.participantId));
		if (!published?.timer) return;
		const key = `${published.clientId}/${published.timer.revision}/${published.timer.remainingMs}`;
		if (key === this.#publishedTimer) return;
		const fresh = this.#publishedTimer !== null;
		this.#publishedTimer = key;
		this.timer = { state: { ...view.state, remainingMs: published.timer.remainingMs }, seenAt: performance.now(), live: fresh };
	}

	/** Milliseconds left on this device's countdown now. */
	timerRemaining(now = performance.now()): number {
		return this.timer ? facilitation.timerRemaining(this.timer.state, this.timer.seenAt, now) : 0;
	}

	// ---- published awareness (state vector for receipts, countdown) ----

	#schedulePublish(): void {
		if (this.#publishTimer || !this.#peers) return;
		this.#publishTimer = setTimeout(() => {
			this.#publishTimer = null;
			this.#publish();
		}, 1_000);
	}

	#publish(): void {
		if (!this.#peers || this.#closed) return;
		const timer = this.timer && this.isFacilitator ? { revision: this.timer.state.revision, remainingMs: Math.round(this.timerRemaining()) } : null;
		this.#peers.publish({ stateVector: stateVector(this.#doc), timer });
	}

	#noteReceipts(): void {
		if (!this.isFacilitator) return;
		const local = Y.decodeStateVector(Y.encodeStateVector(this.#doc));
		this.receipts = updateReceipts(this.receipts, this.presence, local, Date.now());
		// Stored at most every 5 s, so the list survives a reload of the laptop.
		if (Date.now() - this.#receiptsSavedAt < 5_000) return;
		this.#receiptsSavedAt = Date.now();
		void this.#store.saveRecord(this.id, { receipts: this.receipts }).catch(() => undefined);
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

	/** Reads the document once per version, however many components ask (the sheet list computes every sheet's completion). */
	#cached<T>(key: string, read: () => T): T {
		const version = this.version;
		const hit = this.#cache[key];
		if (hit && hit.version === version) return hit.value as T;
		const value = read();
		this.#cache[key] = { version, value };
		return value;
	}

	get roster(): Participant[] {
		return this.#cached('roster', () => (isAtelier(this.#doc) ? readRoster(this.#doc) : []));
	}

	get sheets(): SheetSummary[] {
		return this.#cached('sheets', () => (isAtelier(this.#doc) ? listSheets(this.#doc) : []));
	}

	/** The animateur or a co-animateur (before the atelier has arrived: the role recorded on this device). */
	get isFacilitator(): boolean {
		void this.version;
		const me = this.me;
		if (!me) return false;
		return isAtelier(this.#doc) ? facilitation.isFacilitator(this.#doc, me.participantId) : me.role === 'animateur';
	}

	/** Runs a facilitation operation as this device's person, as one change for the peers; a refusal becomes `refusal`. */
	act(operation: (doc: Y.Doc, actorId: string) => void): boolean {
		return this.#attempt(() => this.#doc.transact(() => operation(this.#doc, this.me?.participantId ?? '')));
	}

	#attempt(run: () => void): boolean {
		try {
			run();
			this.refusal = null;
			return true;
		} catch (error) {
			if (error instanceof ModelError) {
				this.refusal = error.message;
				return false;
			}
			throw error;
		}
	}

	/** Who is where on a sheet; on an anonymous sheet nobody is shown in a cell. */
	presenceOn(sheetId: string): Presence[] {
		return this.rule(sheetId).anonymous ? this.presence.map((p) => ({ ...p, cell: null })) : this.presence;
	}

	rule(sheetId: string): facilitation.SheetRule {
		void this.version;
		return facilitation.readSheetRule(this.#doc, sheetId);
	}

	/** Whether this device's person may edit the sheet now (locked sheets are read-only for participants). */
	canEdit(sheetId: string): boolean {
		void this.version;
		const me = this.me?.participantId;
		return !!me && facilitation.canEdit(this.#doc, me, sheetId);
	}

	/** Whether individual answers of other people on the sheet are hidden from this device's person now. */
	answersHidden(sheetId: string): boolean {
		void this.version;
		return this.rule(sheetId).hidden && !this.isFacilitator;
	}

	voting(sheetId: string): facilitation.VotingState | null {
		void this.version;
		return facilitation.readVoting(this.#doc, sheetId);
	}

	get agenda(): facilitation.AgendaView {
		return this.#cached('agenda', () => facilitation.readAgenda(this.#doc));
	}

	get follow(): { sheetId: string; section: string | null; at: number } | null {
		void this.version;
		return facilitation.readFollow(this.#doc);
	}

	/** Reads the document through a model function, reactively. */
	read<T>(reader: (doc: Y.Doc, me: string) => T): T {
		void this.version;
		return reader(this.#doc, this.me?.participantId ?? '');
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
			try {
				colour = joinRoster(this.#doc, { id: me.participantId, name: me.name, role: me.role as Role });
			} catch (error) {
				if (!(error instanceof ModelError)) throw error;
				this.refusal = error.message;
				return;
			}
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

	/** Runs a model operation on a sheet, if this person may edit it now; a ModelError becomes `refusal`. */
	edit(sheetId: string, operation: (doc: Y.Doc) => void): boolean {
		if (!this.canEdit(sheetId)) {
			this.refusal = frenchTypography('Cette fiche est verrouillée par l’animateur : vous pouvez la lire, pas la modifier.');
			return false;
		}
		return this.#attempt(() => operation(this.#doc));
	}

	/** Gives the document to an export or import function (loaded by the caller, on demand). */
	withDoc<T>(use: (doc: Y.Doc) => T): T {
		return use(this.#doc);
	}

	/** Where this person is. On an anonymous sheet the cell is not even sent: nobody can tell who writes where. */
	setFocus(sheet: string | null, cell: string | null): void {
		this.#peers?.setFocus(sheet, sheet && this.rule(sheet).anonymous ? null : cell);
	}

	/** Waits until every change is written to IndexedDB. */
	async flushed(): Promise<void> {
		await this.#persistence?.flushed();
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#publishTimer) clearTimeout(this.#publishTimer);
		if (this.isFacilitator && Object.keys(this.receipts).length > 0) await this.#store.saveRecord(this.id, { receipts: this.receipts }).catch(() => undefined);
		for (const stop of this.#stop) stop();
		this.#stop = [];
		this.#peers?.destroy();
		this.#peers = null;
		await this.#persistence?.flushed();
		this.#persistence?.stop();
		this.#doc.destroy();
	}
}
