// Writing rules of the kit's text that a schema cannot express, checked on every string of a
// content file (front matter and body) by the loader, so `npm run content:check` and the build
// report them with the file and the field. Each rule exists because the mistake was found in
// the kit (issue 16): a straight apostrophe in French text, and RGESN criteria ranked « priorité 1 »
// (the RGESN 2024 ranks them « prioritaire », « recommandé » or « modéré »).

const LETTER = 'A-Za-zÀ-ÖØ-öø-ÿŒœ';
const STRAIGHT_APOSTROPHE = new RegExp(`[${LETTER}]'[${LETTER}]`);
/** « priorité 1 », « critères de priorité n° 2 »: numbered ranks, which the RGESN 2024 does not use. */
const NUMBERED_PRIORITY = /(?:crit[èe]res?\s+(?:de\s+)?)?priorit[ée]s?\s*(?:n°\s*)?[1-3]\b/i;
/** A text about the RGESN: the rule applies to every string of a file that names it (a clause's points rarely repeat it). */
const ABOUT_RGESN = /RGESN|[ée]coconception/i;

/** Every string of a parsed front matter, with its field path as the loader's messages write it (1-based). */
export function stringFields(value: unknown, path = ''): { field: string; text: string }[] {
	if (typeof value === 'string') return [{ field: path, text: value }];
	if (Array.isArray(value)) return value.flatMap((item, i) => stringFields(item, `${path}[${i + 1}]`));
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, item]) => stringFields(item, path ? `${path}.${key}` : key));
	}
	return [];
}

/** Code (fenced blocks and inline spans) may hold any character: it is not French prose. */
function withoutCode(markdown: string): string {
	return markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

/** The word around `index`: from the previous blank to the next one. */
function excerpt(text: string, index: number): string {
	const before = text.slice(0, index).search(/\S+$/);
	const after = /\s/.exec(text.slice(index + 1));
	return text.slice(before === -1 ? index : before, after ? index + 1 + after.index : undefined).replace(/[,.;:!?»)]+$/, '');
}

/**
 * The problems of one string, in French, without the file (the caller adds it). `rgesn`: the string
 * belongs to a file about the RGESN, where a numbered priority is the RGESN's wording.
 */
export function writingProblems(field: string, text: string, rgesn = ABOUT_RGESN.test(text)): string[] {
	const where = field ? `champ « ${field} »` : 'corps du texte';
	const out: string[] = [];
	const apostrophe = STRAIGHT_APOSTROPHE.exec(text);
	if (apostrophe) {
		out.push(`${where}\u00a0: apostrophe droite dans « ${excerpt(text, apostrophe.index + 1)} » (écrire l’apostrophe typographique ’)`);
	}
	const priority = rgesn ? NUMBERED_PRIORITY.exec(text) : null;
	if (priority) {
		out.push(
			`${where}\u00a0: « ${priority[0]} »\u00a0: le RGESN 2024 classe ses critères « prioritaire », « recommandé » ou « modéré » (écrire par exemple « au minimum les critères prioritaires »)`
		);
	}
	return out;
}

/** The problems of a whole content file: every front-matter string, then the Markdown body. */
export function fileWritingProblems(front: unknown, body: string): string[] {
	const fields = stringFields(front);
	const prose = withoutCode(body);
	const rgesn = ABOUT_RGESN.test(prose) || fields.some(({ text }) => ABOUT_RGESN.test(text));
	return [...fields.flatMap(({ field, text }) => writingProblems(field, text, rgesn)), ...writingProblems('', prose, rgesn)];
}
