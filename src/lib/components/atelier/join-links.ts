// The join links of an atelier as a tablet can open them: from the server's LAN addresses when this page
// is on localhost (see shared/room.ts joinOrigins and the server's /reseau.json).
import { joinLink, joinOrigins } from '$lib/shared/room';

export interface JoinLinks {
	/** The likeliest first. */
	links: string[];
	/** The server has no address on a local network: tablets cannot reach it. */
	noLan: boolean;
}

export async function fetchJoinLinks(code: string, title?: string, pageOrigin = location.origin): Promise<JoinLinks> {
	let lan: string[] = [];
	try {
		const res = await fetch('/reseau.json', { cache: 'no-store' });
		const answer = res.ok ? ((await res.json()) as { lan?: unknown }) : {};
		if (Array.isArray(answer.lan)) lan = answer.lan.filter((u): u is string => typeof u === 'string');
	} catch {
		// Served by something else than the atelier server (a static host): the page's origin.
	}
	const where = joinOrigins(pageOrigin, lan);
	return { links: where.origins.map((origin) => joinLink(origin, code, title)), noLan: where.noLan };
}

/** The QR code of a link, as an SVG data URL (the qrcode library loads on demand). */
export async function qrDataUrl(link: string): Promise<string> {
	const { default: QRCode } = await import('qrcode');
	const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
