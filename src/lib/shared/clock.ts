// The current time as ISO text, for records stamped in reactive modules (.svelte.ts), where Svelte's
// lint asks for reactive dates: a stamp is read once, never observed.
export const isoNow = (): string => new Date().toISOString();
