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
