// An atelier is one Y.Doc. This module owns its layout; nothing else reads or writes Yjs types
// directly. Layout (top-level shared types):
//   meta        Y.Map   title, date, territory, place, kitVersion, schemaVersion, createdAt
//   roster      Y.Map   participant id → Y.Map { name, role, colour, joinedAt }
//   sheetOrder  Y.Array sheet ids, in display order
//   sheets      Y.Map   sheet id → Y.Map { type, title, createdAt, createdBy, template, …type data }
// Everything derived (scores, rankings, completion) is computed from these, never stored.
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { newId } from './ids.ts';
import type { SheetTemplate, SheetType } from './templates.ts';
import * as grid from './grid.ts';
import * as checklist from './checklist.ts';
import * as comparator from './comparator.ts';
import * as basket from './basket.ts';
import * as inventory from './inventory.ts';
import * as notes from './notes.ts';

export const SCHEMA_VERSION = 2;

export const ROLES = ['animateur', 'participant', 'observateur'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
	animateur: 'Animateur·rice',
	participant: 'Participant·e',
	observateur: 'Observateur·rice'
};

/** Participant colours: distinguishable, and ≥ 4.5:1 against white so they can carry text. */
export const COLOURS = [
	'#1b4d89',
	'#a4161a',
	'#1d6b3a',
	'#8a4b00',
	'#6b2fa3',
	'#0f6f78',
	'#b0306a',
	'#4a5a16',
	'#5b4636',
	'#c2410c',
	'#2f4858',
	'#7a3b69'
] as const;

export interface AtelierInfo {
	title: string;
	/** ISO date (YYYY-MM-DD) or empty. */
	date: string;
	territory: string;
	place: string;
	/** The collectivité (or organisation) the report is for, on its title page. */
	organisation?: string;
}

export interface AtelierMeta extends Required<AtelierInfo> {
	kitVersion: string;
	schemaVersion: number;
	createdAt: string;
}

export interface Participant {
	id: string;
	name: string;
	role: Role;
	colour: string;
	joinedAt: string;
}

export interface SheetSummary {
	id: string;
	type: SheetType;
	title: string;
	createdAt: string;
	/** 0 to 1. */
	completion: number;
	/** The kit template it was made from (`grille-besoins`, `portage`…), or ''. */
	source: string;
}

const TITLE_MAX = 120;
const NAME_MAX = 40;

const metaOf = (doc: Y.Doc) => doc.getMap<unknown>('meta');
const rosterOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('roster');
const orderOf = (doc: Y.Doc) => doc.getArray<string>('sheetOrder');
const sheetsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('sheets');

function str(map: Y.Map<unknown>, key: string): string {
	const value = map.get(key);
	return typeof value === 'string' ? value : '';
}

function cleanInfo(info: Partial<AtelierInfo>): Partial<AtelierInfo> {
	const out: Partial<AtelierInfo> = {};
	if (info.title !== undefined) {
		const title = info.title.trim();
		if (!title) throw new ModelError('Donnez un titre à l’atelier.');
		if (title.length > TITLE_MAX) throw new ModelError(`Le titre ne doit pas dépasser ${TITLE_MAX} caractères.`);
		out.title = title;
	}
	if (info.date !== undefined) {
		const date = info.date.trim();
		if (date && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))) {
			throw new ModelError('La date doit être au format AAAA-MM-JJ.');
		}
		out.date = date;
	}
	if (info.territory !== undefined) out.territory = info.territory.trim().slice(0, TITLE_MAX);
	if (info.place !== undefined) out.place = info.place.trim().slice(0, TITLE_MAX);
	if (info.organisation !== undefined) out.organisation = info.organisation.replace(/\s+/g, ' ').trim().slice(0, TITLE_MAX);
	return out;
}

/** Fills a new, empty doc with an atelier. */
export function createAtelier(doc: Y.Doc, info: AtelierInfo, options: { kitVersion: string; now?: Date }): void {
	const clean = cleanInfo(info);
	if (metaOf(doc).has('schemaVersion')) throw new ModelError('Ce document contient déjà un atelier.');
	doc.transact(() => {
		const meta = metaOf(doc);
		meta.set('title', clean.title ?? '');
		meta.set('date', clean.date ?? '');
		meta.set('territory', clean.territory ?? '');
		meta.set('place', clean.place ?? '');
		if (clean.organisation) meta.set('organisation', clean.organisation);
		meta.set('kitVersion', options.kitVersion);
		meta.set('createdAt', (options.now ?? new Date()).toISOString());
		meta.set('schemaVersion', SCHEMA_VERSION);
	});
}

/** True once the doc holds an atelier (a joining device may not have received it yet). */
export function isAtelier(doc: Y.Doc): boolean {
	return typeof metaOf(doc).get('schemaVersion') === 'number';
}

export function readMeta(doc: Y.Doc): AtelierMeta {
	const meta = metaOf(doc);
	const version = meta.get('schemaVersion');
	return {
		title: str(meta, 'title'),
		date: str(meta, 'date'),
		territory: str(meta, 'territory'),
		place: str(meta, 'place'),
		organisation: str(meta, 'organisation'),
		kitVersion: str(meta, 'kitVersion'),
		createdAt: str(meta, 'createdAt'),
		schemaVersion: typeof version === 'number' ? version : 0
	};
}

export function updateInfo(doc: Y.Doc, patch: Partial<AtelierInfo>): void {
	const clean = cleanInfo(patch);
	doc.transact(() => {
		for (const [key, value] of Object.entries(clean)) metaOf(doc).set(key, value);
	});
}

// ---- logo ----

/** The largest logo an atelier keeps: it travels to every device with the document. */
export const LOGO_MAX_BYTES = 300 * 1024;

export interface Logo {
	bytes: Uint8Array;
	type: 'image/png' | 'image/jpeg';
	width: number;
	height: number;
}

/** A logo needs no more; a bigger picture in a few kilobytes is a decompression bomb for every report. */
const LOGO_MAX_SIDE = 4000;

/**
 * What a PNG or JPEG file is, read from its own bytes (never from its name or a declared type), or
 * null when it is neither, is cut short (no end marker) or is larger than a logo needs. SVG is
 * refused: it can carry scripts into every report.
 */
export function readImage(bytes: Uint8Array): Omit<Logo, 'bytes'> | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const fits = (width: number, height: number) => width > 0 && height > 0 && width <= LOGO_MAX_SIDE && height <= LOGO_MAX_SIDE;
	// PNG: signature, then the IHDR chunk with width and height; the IEND chunk's type 8 bytes from the end.
	if (bytes.length >= 44 && view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a && view.getUint32(12) === 0x49484452) {
		const width = view.getUint32(16);
		const height = view.getUint32(20);
		const complete = view.getUint32(bytes.length - 8) === 0x49454e44;
		return complete && fits(width, height) ? { type: 'image/png', width, height } : null;
	}
	// JPEG: SOI, then segments up to a start-of-frame marker that gives the size; EOI at the end.
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9) {
		let at = 2;
		while (at + 9 < bytes.length) {
			if (bytes[at] !== 0xff) return null;
			const marker = bytes[at + 1] as number;
			const length = view.getUint16(at + 2);
			if (length < 2) return null;
			const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
			if (isFrame) {
				const height = view.getUint16(at + 5);
				const width = view.getUint16(at + 7);
				return fits(width, height) ? { type: 'image/jpeg', width, height } : null;
			}
			at += 2 + length;
		}
	}
	return null;
}

/** Keeps the collectivité's logo with the atelier (shown on its reports' title page). */
export function setLogo(doc: Y.Doc, bytes: Uint8Array): void {
	if (bytes.byteLength > LOGO_MAX_BYTES) {
		throw new ModelError(
			`Ce logo pèse ${Math.ceil(bytes.byteLength / 1024)}\u00a0Ko : choisissez une image de ${LOGO_MAX_BYTES / 1024}\u00a0Ko au plus.`
		);
	}
	if (!readImage(bytes))
		throw new ModelError(
			`Ce fichier n’est pas une image PNG ou JPEG lisible, d’au plus ${LOGO_MAX_SIDE}\u00a0pixels de côté : choisissez le logo au format PNG ou JPEG.`
		);
	metaOf(doc).set('logo', new Uint8Array(bytes));
}

export function removeLogo(doc: Y.Doc): void {
	metaOf(doc).delete('logo');
}

/** The atelier's logo, checked again when read (a peer may have written anything), or null. */
export function readLogo(doc: Y.Doc): Logo | null {
	const bytes = metaOf(doc).get('logo');
	if (!(bytes instanceof Uint8Array) || bytes.byteLength > LOGO_MAX_BYTES) return null;
	const info = readImage(bytes);
	return info ? { bytes, ...info } : null;
}

// ---- roster ----

function cleanName(name: string): string {
	const clean = name.replace(/\s+/g, ' ').trim();
	if (!clean) throw new ModelError('Indiquez un nom à afficher.');
	if (clean.length > NAME_MAX) throw new ModelError(`Le nom ne doit pas dépasser ${NAME_MAX} caractères.`);
	return clean;
}

function checkRole(role: string): Role {
	if (!(ROLES as readonly string[]).includes(role)) throw new ModelError(`Rôle inconnu « ${role} ».`);
	return role as Role;
}

function refuseSecondAnimateur(doc: Y.Doc, personId: string, role: Role): void {
	if (role !== 'animateur') return;
	if ([...rosterOf(doc).entries()].some(([id, p]) => id !== personId && p.get('role') === 'animateur')) {
		throw new ModelError('Cet atelier a déjà un animateur : demandez-lui de vous nommer co-animateur.');
	}
}

/** Adds a participant (or updates their name and role if already there). Returns their colour. */
export function joinRoster(doc: Y.Doc, person: { id: string; name: string; role: Role }, now = new Date()): string {
	const name = cleanName(person.name);
	const role = checkRole(person.role);
	const roster = rosterOf(doc);
	// The atelier has one animateur, its creator (who enrols first, on their own laptop); others are
	// named co-animateurs by them (facilitation.ts). Nobody joins as a second animateur.
	refuseSecondAnimateur(doc, person.id, role);
	let colour = '';
	doc.transact(() => {
		const existing = roster.get(person.id);
		if (existing) {
			existing.set('name', name);
			existing.set('role', role);
			colour = str(existing, 'colour');
			return;
		}
		const used = new Set([...roster.values()].map((p) => str(p, 'colour')));
		colour = COLOURS.find((c) => !used.has(c)) ?? (COLOURS[roster.size % COLOURS.length] as string);
		const entry = new Y.Map<unknown>();
		entry.set('name', name);
		entry.set('role', role);
		entry.set('colour', colour);
		entry.set('joinedAt', now.toISOString());
		roster.set(person.id, entry);
	});
	return colour;
}

export function renameParticipant(doc: Y.Doc, id: string, name: string): void {
	const entry = rosterOf(doc).get(id);
	if (!entry) throw new ModelError('Participant inconnu.');
	entry.set('name', cleanName(name));
}

export function setRole(doc: Y.Doc, id: string, role: Role): void {
	const entry = rosterOf(doc).get(id);
	if (!entry) throw new ModelError('Participant inconnu.');
	refuseSecondAnimateur(doc, id, role);
	entry.set('role', checkRole(role));
}

export function readRoster(doc: Y.Doc): Participant[] {
	return [...rosterOf(doc).entries()]
		.map(([id, p]) => ({
			id,
			name: str(p, 'name'),
			role: (ROLES as readonly string[]).includes(str(p, 'role')) ? (str(p, 'role') as Role) : 'participant',
			colour: str(p, 'colour'),
			joinedAt: str(p, 'joinedAt')
		}))
		.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.id.localeCompare(b.id));
}

// ---- sheets ----

/** A sheet's shared map, passed back to the per-type functions (grid, checklist, …). */
export type SheetMap = Y.Map<unknown>;

type SheetModule = {
	/** Validates a template before anything is written (a Yjs transaction cannot be rolled back). */
	check?(template: never): void;
	init(sheet: Y.Map<unknown>, template: never): void;
	completion(sheet: Y.Map<unknown>): number;
};

const MODULES: Record<SheetType, SheetModule> = { grid, checklist, comparator, clauses: basket, inventory, notes } as unknown as Record<
	SheetType,
	SheetModule
>;

/** Adds a sheet made from a kit template at the end of the atelier. Returns its id. */
export function addSheet(
	doc: Y.Doc,
	template: SheetTemplate,
	options: { title?: string; createdBy?: string; now?: Date; id?: string } = {}
): string {
	const module = MODULES[template.kind];
	if (!module) throw new ModelError(`Type de fiche inconnu « ${String((template as { kind: unknown }).kind)} ».`);
	const title = (options.title ?? template.title).trim();
	if (!title) throw new ModelError('Donnez un titre à la fiche.');
	module.check?.(template as never);
	const id = options.id ?? newId();
	doc.transact(() => {
		const sheet = new Y.Map<unknown>();
		// Integrate the map first: Yjs types can only be read once they are part of a doc.
		sheetsOf(doc).set(id, sheet);
		sheet.set('type', template.kind);
		sheet.set('title', title.slice(0, TITLE_MAX));
		sheet.set('createdAt', (options.now ?? new Date()).toISOString());
		sheet.set('createdBy', options.createdBy ?? '');
		sheet.set('template', structuredClone(template));
		module.init(sheet, template as never);
		orderOf(doc).push([id]);
	});
	return id;
}

/** The sheet's shared map; throws a French error if it does not exist (e.g. deleted by a peer). */
export function getSheet(doc: Y.Doc, id: string, type?: SheetType): Y.Map<unknown> {
	const sheet = sheetsOf(doc).get(id);
	if (!sheet) throw new ModelError('Cette fiche n’existe plus dans l’atelier.');
	if (type && sheet.get('type') !== type) throw new ModelError('Cette fiche n’est pas du type attendu.');
	return sheet;
}

export function sheetType(sheet: Y.Map<unknown>): SheetType {
	return sheet.get('type') as SheetType;
}

/** Sheet ids in display order: the order list, without duplicates or deleted sheets, then any sheet it misses. */
export function sheetIds(doc: Y.Doc): string[] {
	const sheets = sheetsOf(doc);
	const seen = new Set<string>();
	for (const id of orderOf(doc).toArray()) if (sheets.has(id)) seen.add(id);
	const missing = [...sheets.keys()]
		.filter((id) => !seen.has(id))
		.sort(
			(a, b) =>
				str(sheets.get(a) as Y.Map<unknown>, 'createdAt').localeCompare(str(sheets.get(b) as Y.Map<unknown>, 'createdAt')) ||
				a.localeCompare(b)
		);
	return [...seen, ...missing];
}

export function listSheets(doc: Y.Doc): SheetSummary[] {
	const sheets = sheetsOf(doc);
	return sheetIds(doc).map((id) => {
		const sheet = sheets.get(id) as Y.Map<unknown>;
		const type = sheetType(sheet);
		const template = sheet.get('template') as { source?: unknown } | undefined;
		const source = template && typeof template === 'object' && typeof template.source === 'string' ? template.source : '';
		return {
			id,
			type,
			title: str(sheet, 'title'),
			createdAt: str(sheet, 'createdAt'),
			completion: MODULES[type]?.completion(sheet) ?? 0,
			source
		};
	});
}

export function renameSheet(doc: Y.Doc, id: string, title: string): void {
	const clean = title.trim();
	if (!clean) throw new ModelError('Donnez un titre à la fiche.');
	getSheet(doc, id).set('title', clean.slice(0, TITLE_MAX));
}

export function removeSheet(doc: Y.Doc, id: string): void {
	getSheet(doc, id);
	doc.transact(() => {
		sheetsOf(doc).delete(id);
		const order = orderOf(doc);
		for (let i = order.length - 1; i >= 0; i--) if (order.get(i) === id) order.delete(i, 1);
	});
}

/** Moves a sheet to position `to` of the display order. */
export function moveSheet(doc: Y.Doc, id: string, to: number): void {
	const ids = sheetIds(doc);
	if (!ids.includes(id)) throw new ModelError('Cette fiche n’existe plus dans l’atelier.');
	const target = Math.max(0, Math.min(ids.length - 1, Math.trunc(to)));
	const next = ids.filter((x) => x !== id);
	next.splice(target, 0, id);
	doc.transact(() => {
		const order = orderOf(doc);
		order.delete(0, order.length);
		order.push(next);
	});
}

export function sheetTemplate<T extends SheetTemplate>(sheet: Y.Map<unknown>): T {
	return sheet.get('template') as T;
}
