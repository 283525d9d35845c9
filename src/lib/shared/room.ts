// Room identity, shared by the browser app and the atelier server. Pure TypeScript: no DOM, no
// network, so the server can verify relay tokens with the same code.
//
// One random secret, the room code, is the only thing a participant needs: the join link carries it
// in the URL fragment (never sent to a server) and the facilitator's screen shows it as a short code
// a participant can type instead. Everything else derives from it:
//   code ──SHA-256──> relay token ──SHA-256──> room id
//   code + room id ──PBKDF2──> signaling key (inside y-webrtc, see crypto.ts)
// The signaling server and the relay see the room id; the relay also sees the token, which proves
// knowledge of the code without revealing it (a preimage of the room id), and cannot be turned back
// into the code or the key.
import { base32crockford } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { frenchTypography } from './french.ts';

/** Data characters of a room code: 15 Crockford base32 characters, 75 random bits. */
const DATA_LENGTH = 15;
/** A room code is the data characters plus one check character. */
export const CODE_LENGTH = DATA_LENGTH + 1;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface Room {
	/** Normalised code, 16 characters, no separators. */
	code: string;
	/** Public room name used on the signaling server and the relay. */
	id: string;
	/** Proof of the code presented to the relay. */
	token: string;
}

/** A bad code or link, with a French message for the user. */
export class RoomCodeError extends Error {
	override name = 'RoomCodeError';
	constructor(message: string) {
		super(frenchTypography(message));
	}
}

function encode(bytes: Uint8Array): string {
	return base32crockford.encode(bytes);
}

function checkCharacter(data: string): string {
	const digest = sha256(utf8ToBytes(`atelier-capacities/check/${data}`));
	return ALPHABET.charAt((digest[0] ?? 0) >> 3);
}

/** A new random room code (uses the platform's CSPRNG). */
export function newRoomCode(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(10));
	const data = encode(bytes).slice(0, DATA_LENGTH);
	return data + checkCharacter(data);
}

/** Groups a code as XXXX-XXXX-XXXX-XXXX for display and typing. */
export function formatRoomCode(code: string): string {
	return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * Reads a code typed by a person or found in a link: case, spaces and dashes do not matter, and
 * the letters Crockford's base32 treats as look-alikes (I, L → 1; O → 0) are accepted.
 */
export function parseRoomCode(input: string): string {
	const cleaned = input
		.toUpperCase()
		.replace(/[\s\-_.]/g, '')
		.replace(/[IL]/g, '1')
		.replace(/O/g, '0');
	if (cleaned.length === 0) throw new RoomCodeError('Le code de l’atelier est vide.');
	if (/[^0-9A-Z]/.test(cleaned) || /[U]/.test(cleaned)) {
		throw new RoomCodeError('Le code de l’atelier contient des caractères qui n’en font pas partie.');
	}
	if (cleaned.length < CODE_LENGTH) {
		throw new RoomCodeError(
			`Le code de l’atelier est incomplet : ${cleaned.length} caractères sur ${CODE_LENGTH}. Vérifiez le lien ou recopiez le code en entier.`
		);
	}
	if (cleaned.length > CODE_LENGTH) {
		throw new RoomCodeError(`Le code de l’atelier est trop long : ${cleaned.length} caractères au lieu de ${CODE_LENGTH}.`);
	}
	const data = cleaned.slice(0, DATA_LENGTH);
	if (checkCharacter(data) !== cleaned[DATA_LENGTH]) {
		throw new RoomCodeError('Ce code d’atelier n’est pas valide : un caractère a sans doute été mal recopié.');
	}
	return cleaned;
}

export function relayToken(code: string): string {
	return encode(sha256(utf8ToBytes(`atelier-capacities/token/${code}`)));
}

export function roomIdFromToken(token: string): string {
	return encode(sha256(utf8ToBytes(`atelier-capacities/room/${token}`)))
		.slice(0, 26)
		.toLowerCase();
}

/** Everything a client needs from a (valid) code. */
export function roomFromCode(input: string): Room {
	const code = parseRoomCode(input);
	const token = relayToken(code);
	return { code, token, id: roomIdFromToken(token) };
}

/** Server side: does this token prove knowledge of the code of this room? */
export function tokenMatchesRoom(token: unknown, roomId: string): boolean {
	return typeof token === 'string' && token.length > 0 && token.length <= 128 && roomIdFromToken(token) === roomId;
}

/** The path of the join page; the code travels in the fragment, which browsers never send. */
export const JOIN_PATH = '/rejoindre';

/** Longest atelier title a join link carries (the QR code stays easy to scan). */
export const MAX_LINK_TITLE = 80;

/**
 * The join link: the code, and the atelier's title so the join page can name it before anything is
 * synced (`#ABCD-…&atelier=Titre`). The title is only shown, never trusted: the code decides the room.
 */
export function joinLink(origin: string, code: string, title?: string): string {
	const shown = title ? linkTitle(title) : '';
	return `${origin}${JOIN_PATH}#${formatRoomCode(code)}${shown ? `&atelier=${encodeURIComponent(shown)}` : ''}`;
}

/** A title as a join link may carry it: one line of printable text, at most MAX_LINK_TITLE characters. */
function linkTitle(text: string): string {
	const line = text
		// Control characters, zero-width and bidirectional overrides: a title must read as what it says.
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return [...line].slice(0, MAX_LINK_TITLE).join('');
}

/** Whether a page origin is this machine only (a tablet cannot reach it). */
export function isLoopbackOrigin(origin: string): boolean {
	try {
		const host = new URL(origin).hostname;
		return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]';
	} catch {
		return false;
	}
}

/**
 * The origins to put in join links and QR codes, the likeliest first. On the laptop the page is often on
 * localhost: then the server's LAN addresses (`lan`, from /reseau.json), and `noLan` when it has none
 * (the page's own origin is kept so the link still works on this machine). Elsewhere (a hosted service,
 * or the page already on a LAN address) the page's origin.
 */
export function joinOrigins(pageOrigin: string, lan: readonly string[]): { origins: string[]; noLan: boolean } {
	if (!isLoopbackOrigin(pageOrigin)) return { origins: [pageOrigin], noLan: false };
	const origins = lan.map((url) => url.replace(/\/+$/, '')).filter((url) => /^https?:\/\/[^/]+$/.test(url));
	return origins.length > 0 ? { origins, noLan: false } : { origins: [pageOrigin], noLan: true };
}

/** Reads the fragment of a join link (with or without the leading #). */
export function roomFromFragment(fragment: string): Room {
	return invitationFromFragment(fragment).room;
}

/** The room of a join link's fragment and the title it names (null when absent or unreadable). */
export function invitationFromFragment(fragment: string): { room: Room; title: string | null } {
	const [codePart = '', ...rest] = (fragment.startsWith('#') ? fragment.slice(1) : fragment).split('&');
	let text: string;
	try {
		text = decodeURIComponent(codePart);
	} catch {
		throw new RoomCodeError('Le lien d’invitation est abîmé : il contient des caractères illisibles.');
	}
	if (text.trim() === '') {
		throw new RoomCodeError('Ce lien ne contient pas de code d’atelier. Scannez à nouveau le code QR ou saisissez le code.');
	}
	const room = roomFromCode(text);
	let title: string | null = null;
	const named = rest.find((part) => part.startsWith('atelier='));
	if (named) {
		try {
			title = linkTitle(decodeURIComponent(named.slice('atelier='.length))) || null;
		} catch {
			title = null;
		}
	}
	return { room, title };
}
