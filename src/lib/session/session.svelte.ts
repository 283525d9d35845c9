// One open atelier on this device, as reactive state for the atelier page: the Y.Doc loaded from
// IndexedDB and saved as it changes, and its peers when the atelier has a room code.
//
// The session is the only way from the screens to the document. Screens read plain data (the sheet
// list, the roster, each sheet adapter's snapshot, the facilitation controls' reads) and act through
// intents; every change, typing included, passes one gate (#write) that checks the sheet's lock,
// runs the change in one transaction and turns a refusal of the model into `refusal`.
import { rememberName } from './person.ts';
import { untrack } from 'svelte';
import * as Y from 'yjs';
import {
	addSheet,
	facilitation,
	getSheet,
	isAtelier,
	joinRoster,
	listSheets,
	newId,
	readLogo,
	readMeta,
	readRoster,
	removeLogo,
	setLogo,
	updateInfo,
	type Logo,
	type AtelierMeta,
	type Participant,
	type Role,
	type SheetSummary,
	type SheetTemplate
} from '$lib/model';
import type { ActionItem, ActionOrder, ReportOptions, Report } from '$lib/report/report';
import { frenchTypography } from '$lib/shared/french';
import type { AtelierPeers } from '$lib/sync/peers';
import type { PeerStatus, Presence, StorageDurability } from '$lib/sync/status';
import { persistStorage } from './durability.ts';
import { roomFromCode, type Room } from '$lib/shared/room';
import { AtelierStore, storageMessage, type AtelierRecord, type Persistence } from '$lib/storage/store';
import type { TimerView } from './countdown.ts';
import { CountdownWatch, DeviceReport } from './device.svelte.ts';
import { readReceipts, type Receipt } from './reporting.ts';
import { FacilitationControls } from './facilitation.ts';
import type { Permission } from '$lib/model/facilitation/index';
import { write } from './gate.ts';
import * as exports from './exports.ts';
import { SheetViews, type AnySheetView } from './sheets.svelte.ts';

export type { TimerView } from './countdown.ts';

/** The role a projection tab announces, so the room leaves it out of its devices. */
const PROJECTION = 'projection';

const stateVectorOf = (doc: Y.Doc): Map<number, number> => Y.decodeStateVector(Y.encodeStateVector(doc));

export interface SessionOptions {
	origin: string;
	store?: AtelierStore;
	/** For tests and odd networks: turn a transport off. */
	webrtc?: boolean;
	relay?: boolean;
	/** False for read-only views (the printable report): no peers. */
	connect?: boolean;
	/** The projection view: connected to see the room live, but not a device of the room (no enrolment, hidden from the others). */
	projection?: boolean;
}

const OFFLINE: PeerStatus = {
	state: 'hors-ligne',
	pending: false,
	pendingEdits: 0,
	relay: 'deconnecte',
	webrtcPeers: 0,
	lastSyncedAt: null,
	relayLostAt: null,
	serverRestartedAt: null
};

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
	/** Whether the browser keeps this device's copy for good (asked when the atelier opens). */
	storage = $state<StorageDurability | null>(null);
	room: Room | null = null;
	/** Timer, agenda, rules, votes, roles: reads and the facilitator's intents. */
	readonly facilitation: FacilitationControls;
	#doc: Y.Doc;
	#store: AtelierStore;
	#persistence: Persistence | null = null;
	#peers: AtelierPeers | null = null;
	#options: SessionOptions;
	#stop: (() => void)[] = [];
	#closed = false;
	#migrated = false;
	#countdown: CountdownWatch;
	#report: DeviceReport;
	/** Not reactive on purpose: `version` is. */
	#cache: Record<string, { version: number; value: unknown }> = {};
	/** This device's person is in the roster (see #enrol). */
	#enrolled = false;
	#views = new SheetViews((id, sheet) => ({
		id,
		sheet,
		me: () => this.#me,
		write: (operation, origin) => this.#write(id, operation, origin)
	}));
	/** Origin of the session's own writes (sheet adapters and text bindings pass theirs). */
	readonly #origin = {};

	private constructor(id: string, doc: Y.Doc, store: AtelierStore, options: SessionOptions, record: AtelierRecord) {
		this.id = id;
		this.#doc = doc;
		this.#store = store;
		this.#options = options;
		this.record = record;
		this.#countdown = new CountdownWatch(id);
		this.#report = new DeviceReport(
			{
				publish: (publication) => this.#peers?.publish(publication),
				connected: () => this.#peers !== null,
				stateVector: () => stateVectorOf(this.#doc),
				timer: () => this.timer,
				facilitator: () => this.isFacilitator,
				storage: () => this.storage ?? undefined,
				presence: () => this.presence,
				save: (receipts) => this.#store.saveRecord(this.id, { receipts })
			},
			readReceipts(record.receipts)
		);
		this.facilitation = new FacilitationControls({
			read: (reader) => this.#read(reader),
			write: (operation) => this.#write(null, () => operation(this.#doc, this.#me)),
			timer: () => this.timer
		});
	}

	/** Opens an atelier stored on this device. Throws a French message if it cannot be read. */
	static async open(id: string, options: SessionOptions): Promise<AtelierSession> {
		const store = options.store ?? new AtelierStore();
		const report: { skipped: number; migrated?: boolean } = { skipped: 0 };
		let record: AtelierRecord | undefined;
		let doc: Y.Doc;
		try {
			record = await store.record(id);
			doc = await store.load(id, report);
		} catch (error) {
			throw new Error(storageMessage(error), { cause: error });
		}
		if (!record) {
			doc.destroy();
			throw new Error(
				frenchTypography(
					'Cet atelier n’existe pas sur cet appareil : il a peut-être été supprimé. Pour le rejoindre, scannez à nouveau le code QR de l’animateur.'
				)
			);
		}
		const session = new AtelierSession(id, doc, store, options, record);
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
				// A participant who joined before the atelier arrived is added to the roster once it is here.
				if (!this.#enrolled && this.#options.connect !== false && !this.#options.projection && this.me?.name && isAtelier(this.#doc))
					queueMicrotask(() => this.#closed || this.#enrol());
				this.#watchTimer(true);
				this.#report.changed();
			});
		this.#doc.on('update', onUpdate);
		this.#stop.push(() => this.#doc.off('update', onUpdate));
		this.#persistence = this.#store.persist(this.id, this.#doc, (message) => (this.error = message), {
			writeInitialState: this.skipped > 0 || this.#migrated
		});
		const code = this.record?.code;
		if (code) {
			this.room = roomFromCode(code);
			if (this.#options.connect !== false) void this.#connect();
		}
		// A read-only view (the printable report) never writes, not even the roster.
		if (this.#options.connect !== false && !this.#options.projection) {
			this.#enrol();
			void persistStorage().then((durability) => {
				this.storage = durability;
				this.#report.publish();
			});
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
			user: {
				participantId: me?.participantId ?? '',
				name: me?.name || 'Anonyme',
				colour,
				role: this.#options.projection ? PROJECTION : (me?.role ?? 'participant')
			}
		});
		this.#peers = peers;
		// Awareness changes can arrive synchronously inside a component's effect (setFocus, setUser):
		// what refresh reads must not become that effect's dependency, or it would rerun forever.
		const refresh = () =>
			untrack(() => {
				this.status = peers.status;
				// A projection tab is not a device of the room: nobody counts it, not even another projection.
				this.presence = peers.presence().filter((p) => p.role !== PROJECTION);
				this.problem = peers.problem;
				this.#catchUpTimer();
				this.#report.note();
			});
		this.#stop.push(peers.subscribe(refresh));
		refresh();
		this.#report.publish();
	}

	// ---- the one write path ----

	get #me(): string {
		return this.me?.participantId ?? '';
	}

	/** Every change to the document goes through here (see gate.ts); a refusal becomes `refusal`. */
	#write(sheetId: string | null, operation: () => void, origin: object | null = this.#origin): boolean {
		this.refusal = write(this.#doc, this.#me, sheetId === null ? 'atelier' : { sheetId }, operation, origin);
		return this.refusal === null;
	}

	/** Reads the document through a model function, reactively (depends on `version`). */
	#read<T>(reader: (doc: Y.Doc, me: string) => T): T {
		void this.version;
		return reader(this.#doc, this.#me);
	}

	// ---- countdown and reports (device.svelte.ts) ----

	/** The countdown as this device shows it. */
	get timer(): TimerView | null {
		return this.#countdown.view;
	}

	/** Facilitator only: every device that took part, and whether the laptop has all its edits. */
	get receipts(): Record<string, Receipt> {
		return this.#report.receipts;
	}

	/** Notes when this device saw the timer's current state; a facilitator's device tells the others. */
	#watchTimer(live: boolean): void {
		if (this.#countdown.seen(facilitation.readTimer(this.#doc), live) && this.isFacilitator) this.#report.publish();
	}

	#catchUpTimer(): void {
		const revision = this.timer?.state.revision;
		const peer = this.presence.find(
			(p) => !p.self && p.timer?.revision === revision && facilitation.isFacilitator(this.#doc, p.participantId)
		);
		this.#countdown.catchUp(peer?.timer ? { clientId: peer.clientId, ...peer.timer } : undefined);
	}

	/** Milliseconds left on this device's countdown now. */
	timerRemaining(now = performance.now()): number {
		return this.#countdown.remaining(now);
	}

	// ---- reads ----

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

	/** The report module, loaded the first time a screen needs it (it stays out of the atelier's first load). */
	#reportModule = $state.raw<typeof import('$lib/report/report') | null>(null);

	/** The atelier's action plan, live; null while the report module loads. */
	actionPlan(order: ActionOrder): ActionItem[] | null {
		const module = this.#reportModule;
		if (!module) {
			void import('$lib/report/report').then((loaded) => (this.#reportModule = loaded));
			return null;
		}
		return this.#cached(`actions:${order}`, () => module.atelierActions(this.#doc, order));
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

	/** Who is where on a sheet; on an anonymous sheet nobody is shown in a cell. */
	presenceOn(sheetId: string): Presence[] {
		return this.facilitation.rule(sheetId).anonymous ? this.presence.map((p) => ({ ...p, cell: null })) : this.presence;
	}

	/** The other people editing a given field of a sheet, for the field's marker. */
	editorsOf(sheetId: string, cell: string): { name: string; colour: string }[] {
		return this.presenceOn(sheetId)
			.filter((p) => !p.self && p.cell === cell)
			.map((p) => ({ name: p.name, colour: p.colour }));
	}

	/** Whether this device's person may add sheets, merge a backup or export (a facilitator always may). */
	may(permission: Permission): boolean {
		void this.version;
		const me = this.me;
		if (!me) return false;
		return isAtelier(this.#doc) ? facilitation.may(this.#doc, me.participantId, permission) : me.role === 'animateur';
	}

	/** Whether this device's person may edit the sheet now (locked sheets are read-only for participants). */
	canEdit(sheetId: string): boolean {
		void this.version;
		const me = this.me?.participantId;
		return !!me && facilitation.canEdit(this.#doc, me, sheetId);
	}

	/** Whether individual answers of other people on the sheet are hidden from this device's person now. */
	answersHidden(sheetId: string): boolean {
		return this.facilitation.rule(sheetId).hidden && !this.isFacilitator;
	}

	/**
	 * The adapter of a sheet, for its editor: its snapshot and intents. The same adapter is returned
	 * while the sheet is the same; null when the sheet is not (or no longer) in the atelier.
	 */
	sheet(id: string): AnySheetView | null {
		void this.version;
		let map: Y.Map<unknown>;
		try {
			map = getSheet(this.#doc, id);
		} catch {
			return null;
		}
		return this.#views.get(id, map);
	}

	// ---- identity ----

	/** Records who uses this device; adds them to the atelier's roster once the atelier has arrived. */
	async identify(name: string, role: Role): Promise<string | null> {
		const participantId = this.me?.participantId ?? newId();
		const me = { participantId, name: name.trim(), role };
		if (!me.name) return frenchTypography('Indiquez votre nom ou un pseudonyme : il sera visible des autres participants.');
		try {
			await this.#store.saveRecord(this.id, { me });
			this.record = (await this.#store.record(this.id)) ?? this.record;
			rememberName(me.name);
		} catch (error) {
			return storageMessage(error);
		}
		// Adapters read who this person is (their own weights and scores).
		this.#views.clear();
		this.#enrol();
		return null;
	}

	/** Adds this device's person to the roster when both are known (the doc may arrive later). */
	#enrol(): void {
		const me = this.me;
		if (!me?.name || !isAtelier(this.#doc)) return;
		this.#enrolled = true;
		const existing = readRoster(this.#doc).find((p) => p.id === me.participantId);
		let colour = existing?.colour ?? '#555555';
		if (!existing || existing.name !== me.name || existing.role !== me.role) {
			const joined = this.#write(null, () => {
				colour = joinRoster(this.#doc, { id: me.participantId, name: me.name, role: me.role as Role });
			});
			if (!joined) return;
		}
		this.#peers?.setUser({ participantId: me.participantId, name: me.name, colour, role: me.role });
	}

	/**
	 * Follow-me, for a participant's device: the facilitator's latest call to come to a sheet if this
	 * device has not followed it yet (it is then noted as followed, in this tab's storage), else null.
	 * Participants go there once; they can leave and come back through the banner.
	 */
	followCall(): { sheetId: string; section: string | null } | null {
		const follow = this.ready ? this.facilitation.follow : null;
		if (!follow || this.isFacilitator) return null;
		const key = `atelier-suivi-${this.id}`;
		try {
			if (Number(sessionStorage.getItem(key) ?? '0') >= follow.at) return null;
			sessionStorage.setItem(key, String(follow.at));
		} catch {
			// No storage: follow every call seen while open.
		}
		return { sheetId: follow.sheetId, section: follow.section };
	}

	// ---- sheets, reports, backups ----

	/** Adds a sheet from a template; returns its id, or null (with `error` set) when it cannot be added. */
	addSheet(template: SheetTemplate): string | null {
		let added: string | null = null;
		let done = false;
		try {
			done = this.#write(null, () => {
				facilitation.requirePermission(this.#doc, this.#me, 'addSheets');
				added = addSheet(this.#doc, template, { createdBy: this.#me });
			});
		} catch {
			// A template the model cannot read (a stale precached list): nothing was added.
		}
		if (!done) {
			this.error = this.refusal ?? frenchTypography('Impossible d’ajouter cette fiche.');
			this.refusal = null;
		}
		return done ? added : null;
	}

	/** Who the reports are for: the collectivité's name and logo, on their title page. */
	get identity(): { organisation: string; logo: Logo | null } {
		return this.#read((doc) =>
			isAtelier(doc) ? { organisation: readMeta(doc).organisation, logo: readLogo(doc) } : { organisation: '', logo: null }
		);
	}

	/** Names the collectivité (facilitators only); '' removes it. */
	setOrganisation(name: string): boolean {
		return this.#write(null, () => {
			facilitation.requireFacilitator(this.#doc, this.#me);
			updateInfo(this.#doc, { organisation: name });
		});
	}

	/** Keeps the collectivité's logo (PNG or JPEG, facilitators only), or removes it with null. */
	setLogo(bytes: Uint8Array | null): boolean {
		return this.#write(null, () => {
			facilitation.requireFacilitator(this.#doc, this.#me);
			if (bytes) setLogo(this.#doc, bytes);
			else removeLogo(this.#doc);
		});
	}

	/** The atelier's report as plain data, for every export format (the report modules load on demand). */
	report(options: Omit<ReportOptions, 'viewerId'> = {}): Promise<Report> {
		return exports.report(this.#doc, { ...options, viewerId: this.#me });
	}

	/** The complete JSON backup of the atelier. */
	backup(): Promise<string> {
		return exports.backup(this.#doc);
	}

	/** Merges a backup file of this atelier into it, as one change for everyone; why not (in French), or null. */
	mergeBackup(file: Blob): Promise<string | null> {
		if (!this.may('merge')) return Promise.resolve(frenchTypography(facilitation.permissionRefusal('merge')));
		return exports.merge(this.#doc, file);
	}

	/** The document's size as this device would send it whole (for support and tests). */
	documentBytes(): number {
		return Y.encodeStateAsUpdate(this.#doc).byteLength;
	}

	/** Where this person is. On an anonymous sheet the cell is not even sent: nobody can tell who writes where. */
	setFocus(sheet: string | null, cell: string | null): void {
		this.#peers?.setFocus(sheet, sheet && this.facilitation.rule(sheet).anonymous ? null : cell);
	}

	/** Waits until every change is written to IndexedDB. */
	async flushed(): Promise<void> {
		await this.#persistence?.flushed();
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.#report.close();
		for (const stop of this.#stop) stop();
		this.#stop = [];
		this.#views.clear();
		this.#peers?.destroy();
		this.#peers = null;
		await this.#persistence?.flushed();
		this.#persistence?.stop();
		this.#doc.destroy();
	}
}
