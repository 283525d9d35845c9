import { describe, expect, it } from 'vitest';
import {
	CODE_LENGTH,
	formatRoomCode,
	isLoopbackOrigin,
	joinLink,
	joinOrigins,
	newRoomCode,
	parseRoomCode,
	RoomCodeError,
	roomFromCode,
	roomFromFragment,
	invitationFromFragment,
	tokenMatchesRoom
} from './room.ts';

describe('room codes', () => {
	it('are 16 characters with a valid check character, and differ each time', () => {
		const codes = new Set(Array.from({ length: 200 }, () => newRoomCode()));
		expect(codes.size).toBe(200);
		for (const code of codes) {
			expect(code).toHaveLength(CODE_LENGTH);
			expect(parseRoomCode(code)).toBe(code);
		}
	});

	it('read back from a typed, grouped, lower-case code with look-alike letters', () => {
		const code = newRoomCode();
		const typed = formatRoomCode(code).toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o');
		expect(formatRoomCode(code)).toMatch(/^.{4}-.{4}-.{4}-.{4}$/);
		expect(parseRoomCode(` ${typed} `)).toBe(code);
	});

	it('detect a mistyped character about 31 times in 32', () => {
		// A fixed code, so the test is deterministic: its valid check character is the one that parses.
		const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
		const data = 'K3F9ZQ7M2XW4HT8';
		const code = [...alphabet]
			.map((c) => data + c)
			.find((candidate) => {
				try {
					return parseRoomCode(candidate) === candidate;
				} catch {
					return false;
				}
			}) as string;
		expect(code).toHaveLength(16);
		let detected = 0;
		let trials = 0;
		for (let position = 0; position < code.length; position++) {
			for (const replacement of alphabet) {
				if (replacement === code[position]) continue;
				trials++;
				try {
					parseRoomCode(code.slice(0, position) + replacement + code.slice(position + 1));
				} catch (error) {
					expect(error).toBeInstanceOf(RoomCodeError);
					detected++;
				}
			}
		}
		expect(trials).toBe(16 * 31);
		expect(detected / trials).toBeGreaterThan(0.93);
	});

	it('refuse empty, truncated, too long and foreign input with a French message', () => {
		const code = newRoomCode();
		const cases: [string, RegExp][] = [
			['', /vide/],
			[code.slice(0, 10), /incomplet\u00a0: 10 caractères sur 16/u],
			[code + 'AB', /trop long/],
			['ÉÉÉÉ-ÉÉÉÉ-ÉÉÉÉ-ÉÉÉÉ', /caractères/],
			['<script>alert(1)</script>', /caractères/],
			['UUUUUUUUUUUUUUUU', /caractères/]
		];
		for (const [input, message] of cases) expect(() => parseRoomCode(input)).toThrow(message);
		// French typography: a no-break space before the colon.
		expect(() => parseRoomCode(code.slice(0, 10))).toThrow(/incomplet\u00a0: /u);
	});
});

describe('room identity', () => {
	it('derives the same room and token from the code, and different ones from another code', () => {
		const code = newRoomCode();
		const a = roomFromCode(code);
		const b = roomFromCode(formatRoomCode(code).toLowerCase());
		expect(a).toEqual(b);
		expect(a.id).toMatch(/^[0-9a-z]{26}$/);
		expect(roomFromCode(newRoomCode()).id).not.toBe(a.id);
		expect(a.id).not.toContain(code.toLowerCase());
		expect(a.token).not.toContain(code);
	});

	it('lets the relay check a token against a room id without knowing the code', () => {
		const room = roomFromCode(newRoomCode());
		const other = roomFromCode(newRoomCode());
		expect(tokenMatchesRoom(room.token, room.id)).toBe(true);
		expect(tokenMatchesRoom(other.token, room.id)).toBe(false);
		expect(tokenMatchesRoom(room.id, room.id)).toBe(false);
		expect(tokenMatchesRoom('', room.id)).toBe(false);
		expect(tokenMatchesRoom(null, room.id)).toBe(false);
		expect(tokenMatchesRoom('x'.repeat(10_000), room.id)).toBe(false);
	});
});

describe('join links', () => {
	it('carry the code in the fragment only', () => {
		const code = newRoomCode();
		const link = new URL(joinLink('http://192.168.1.10:8787', code));
		expect(link.pathname).toBe('/rejoindre');
		expect(link.search).toBe('');
		expect(roomFromFragment(link.hash).code).toBe(code);
	});

	it('refuse a malformed or truncated link with a French message', () => {
		const code = newRoomCode();
		const link = joinLink('http://x', code);
		expect(() => roomFromFragment('')).toThrow(/ne contient pas de code/);
		expect(() => roomFromFragment('#')).toThrow(/ne contient pas de code/);
		expect(() => roomFromFragment(new URL(link.slice(0, -5)).hash)).toThrow(/incomplet/);
		expect(() => roomFromFragment('#%E0%A4%A')).toThrow(/abîmé/);
		expect(() => roomFromFragment('#salle=abc&cle=def')).toThrow(RoomCodeError);
	});
});

describe('join links naming the atelier', () => {
	it('carry the title after the code, and the join page reads both', () => {
		const code = newRoomCode();
		const link = new URL(joinLink('http://192.168.1.10:8787', code, 'Données & mobilité — Rennes'));
		expect(link.search).toBe('');
		expect(invitationFromFragment(link.hash)).toEqual({ room: roomFromCode(code), title: 'Données & mobilité — Rennes' });
		expect(invitationFromFragment(new URL(joinLink('http://x', code)).hash).title).toBeNull();
	});

	it('show a hostile title as one short line of text, and never let it change the room', () => {
		const code = newRoomCode();
		const hash = (title: string) => new URL(joinLink('http://x', code, title)).hash;
		expect(invitationFromFragment(hash('Atelier\u202e\u0000<script>\n2')).title).toBe('Atelier <script> 2');
		expect([...(invitationFromFragment(hash('é'.repeat(500))).title ?? '')]).toHaveLength(80);
		// A forged fragment: another code after the title does not count, a broken title is dropped.
		expect(invitationFromFragment(`#${code}&atelier=%E0%A4%A`)).toEqual({ room: roomFromCode(code), title: null });
		expect(invitationFromFragment(`#${code}&atelier=Vrai&atelier=Faux&code=AAAA`).title).toBe('Vrai');
		expect(invitationFromFragment(`#${code}&atelier=%20%20`).title).toBeNull();
		expect(() => invitationFromFragment('#&atelier=Titre')).toThrow(/ne contient pas de code/);
	});
});

describe('join links from the laptop', () => {
	it('use the LAN addresses when the page is on this machine only', () => {
		expect(joinOrigins('http://localhost:8787', ['http://192.168.1.20:8787/', 'http://10.0.0.5:8787/'])).toEqual({
			origins: ['http://192.168.1.20:8787', 'http://10.0.0.5:8787'],
			noLan: false
		});
		expect(joinOrigins('http://127.0.0.1:8787', [])).toEqual({ origins: ['http://127.0.0.1:8787'], noLan: true });
		expect(joinOrigins('http://[::1]:8787', ['javascript:alert(1)', 'http://a/b'])).toEqual({
			origins: ['http://[::1]:8787'],
			noLan: true
		});
	});

	it('keep the page’s origin when tablets can reach it (LAN address, hosted service)', () => {
		expect(joinOrigins('http://192.168.1.20:8787', ['http://10.0.0.5:8787/'])).toEqual({
			origins: ['http://192.168.1.20:8787'],
			noLan: false
		});
		expect(joinOrigins('https://ateliers.example.fr', [])).toEqual({ origins: ['https://ateliers.example.fr'], noLan: false });
		expect(isLoopbackOrigin('http://app.localhost:5173')).toBe(true);
		expect(isLoopbackOrigin('pas une origine')).toBe(false);
	});
});
