// The person who uses this device, across ateliers: the name they gave last is offered again (they can
// change it) instead of « Qui êtes-vous ? » starting blank in every atelier. Kept in localStorage,
// on this device only; nothing here if the browser refuses storage.

const KEY = 'atelier-capacities:nom';
const MAX_NAME = 40;

/** The name this device's person gave last, or ''. */
export function rememberedName(): string {
	try {
		const value = localStorage.getItem(KEY);
		return typeof value === 'string' ? value.slice(0, MAX_NAME) : '';
	} catch {
		return '';
	}
}

export function rememberName(name: string): void {
	const trimmed = name.trim().slice(0, MAX_NAME);
	if (!trimmed) return;
	try {
		localStorage.setItem(KEY, trimmed);
	} catch {
		// Private browsing or a full quota: the name is simply asked again next time.
	}
}

/** On a tablet passed from hand to hand: the next person does not get the previous one's name. */
export function forgetName(): void {
	try {
		localStorage.removeItem(KEY);
	} catch {
		// Nothing stored.
	}
}
