// French typography for text written with ordinary spaces: a non-breaking space (U+00A0) goes
// before « : ; ! ? » and inside « guillemets », so the sign never starts a line. Applied to kit
// content at build time and to user text when it is rendered. Leaves URLs, times and code alone.

const NBSP = '\u00a0';

export function frenchTypography(input: string): string {
	return (
		input
			// An ordinary space (or several) before a high sign or a closing guillemet.
			.replace(/[ \t]+([:;!?»])/g, `${NBSP}$1`)
			// An ordinary space after an opening guillemet.
			.replace(/«[ \t]+/g, `«${NBSP}`)
			// A guillemet glued to its word.
			.replace(/«(?=[^\s\u00a0\u202f])/g, `«${NBSP}`)
			.replace(/([^\s\u00a0\u202f])»/g, `$1${NBSP}»`)
			// A sign glued to the word before it, at the end of a clause: « pourquoi? » but not
			// « https://… », « 14:30 » or « ?q= ».
			.replace(/([\p{L}\p{N})\]»’'])([;!?]+|:)(?=\s|$)/gu, `$1${NBSP}$2`)
	);
}

// ---- French formats: the one place dates, durations, numbers and labels are written ----

/** The months, lower case, as French writes them in a date. */
export const FRENCH_MONTHS = [
	'janvier',
	'février',
	'mars',
	'avril',
	'mai',
	'juin',
	'juillet',
	'août',
	'septembre',
	'octobre',
	'novembre',
	'décembre'
];

// Written by hand rather than with Intl: the first Intl call of a page loads the locale's data, a
// cost paid on the atelier page's critical path for one date.
/** « 1er décembre 2026 » from an ISO date (YYYY-MM-DD, read at noon so no time zone moves the day) or ''. */
export function longDate(iso: string): string {
	if (!iso) return '';
	const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00` : iso);
	if (Number.isNaN(date.getTime())) return '';
	// « 1er mars », as French writes the first day of a month.
	const day = date.getDate();
	return `${day === 1 ? '1er' : day} ${FRENCH_MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

/** A deadline as chosen in a grid: « mars 2027 » for « 2027-03 », « 15 mars 2027 » for a day; free text as it is. */
export function deadlineText(value: string): string {
	const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
	if (!m) return value;
	const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
	// Only a date that exists is written as one (« 2027-02-30 » would read as 2 March): otherwise the text as it is.
	const check = new Date(Date.UTC(year, month - 1, day));
	if (month < 1 || month > 12 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return value;
	if (m[3]) return longDate(value) || value;
	return `${FRENCH_MONTHS[month - 1]} ${year}`;
}

/** « 45 min », « 1 h », « 1 h 30 ». */
export function durationText(total: number): string {
	if (total < 60) return `${total}${NBSP}min`;
	const h = Math.floor(total / 60);
	const m = total % 60;
	return m === 0 ? `${h}${NBSP}h` : `${h}${NBSP}h${NBSP}${String(m).padStart(2, '0')}`;
}

/** « 70 % » from 0.7; « — » when there is nothing to score. */
export const percentText = (score: number | null): string => (score === null ? '—' : `${Math.round(score * 100)}${NBSP}%`);

/** « 3,5 »: one decimal at most, French decimal comma. */
export const decimalText = (n: number): string => n.toLocaleString('fr-FR', { maximumFractionDigits: 1 });

/** « 1 réponse », « 2 réponses », « 0 réponse » (French singular below 2). */
export function countText(n: number, singular: string, plural = `${singular}s`): string {
	return `${n}${NBSP}${Math.abs(n) < 2 ? singular : plural}`;
}

/** How far a checklist (or one axis) was answered, and its score said only with that coverage:
 * « Aucune réponse sur 62 », « 5 réponses sur 62 ; score sur les réponses données : 70 % »,
 * « 2 réponses sur 10, toutes « sans objet » ». */
export function coverageText(score: { answered: number; applicable: number; total: number; score: number | null }): string {
	const { answered, total } = score;
	if (answered === 0) return `Aucune réponse sur ${total}`;
	const given = `${countText(answered, 'réponse')} sur ${total}`;
	if (score.score === null) return `${given}, ${answered === 1 ? `«${NBSP}sans objet${NBSP}»` : `toutes «${NBSP}sans objet${NBSP}»`}`;
	return `${given}${NBSP}; score sur les réponses données${NBSP}: ${percentText(score.score)}`;
}

/** « 14:05:09 » on this device's clock. */
export const clockTime = (at: number): string =>
	new Date(at).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** « 1 décembre 2026 » for a date, « 1 décembre 2026 à 14:05 » for a timestamp (ISO). */
export function dateAndTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	return date.toLocaleString('fr-FR', { dateStyle: 'long', ...(iso.length > 10 ? { timeStyle: 'short' } : {}) });
}

/** The name of each kind of sheet, on kit pages, in the atelier and in reports. */
export const SHEET_TYPE_LABELS = {
	grid: 'Grille de questions',
	checklist: 'Check-list',
	comparator: 'Comparateur',
	clauses: 'Panier de clauses',
	inventory: 'Inventaire',
	notes: 'Notes libres'
} as const;

/** French typography on every string of a value (arrays and plain objects walked; other values kept). */
export function typesetAll<T>(value: T): T {
	if (typeof value === 'string') return frenchTypography(value) as T;
	if (Array.isArray(value)) return value.map(typesetAll) as T;
	if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typesetAll(v)])) as T;
	}
	return value;
}
