// The open atelier's session, shared with every component of the atelier page through a typed Svelte
// context rather than passed as a prop through each level.
import { createContext } from 'svelte';
import type { AtelierSession } from './session.svelte.ts';

const [getSession, setSession] = createContext<() => AtelierSession>();

/** Called by the atelier page: its components will read the session it holds. */
export function provideSession(current: () => AtelierSession | null): void {
	setSession(() => {
		const session = current();
		if (!session) throw new Error('No atelier session: atelier components render only once it is open.');
		return session;
	});
}

/** The open atelier's session, in a component of the atelier page. */
export function useSession(): () => AtelierSession {
	return getSession();
}
