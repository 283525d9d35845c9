// Shared protections of the atelier server's two WebSocket endpoints: counting sockets per endpoint
// and per address, a global budget of queued outgoing bytes, refusals counted per reason, and a log
// that says one line per refusal without letting a flood of bad frames flood the terminal.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Refusal reasons, as counted in /healthz. */
export type RefusalReason =
	| 'capacity'
	| 'per-address'
	| 'bad-frame'
	| 'rate'
	| 'pre-auth-budget'
	| 'auth-timeout'
	| 'code-not-proven'
	| 'rooms-per-address'
	| 'disk-quota'
	| 'room-full'
	| 'slow-reader'
	| 'outgoing-budget'
	| 'topic-full';

export class Refusals {
	readonly #counts = new Map<RefusalReason, number>();
	readonly #log: (line: string) => void;
	readonly #maxLinesPerMinute: number;
	#windowStart = 0;
	#linesInWindow = 0;
	#silenced = 0;
	readonly #now: () => number;

	constructor(log: (line: string) => void = (line) => console.warn(line), maxLinesPerMinute = 20, now: () => number = Date.now) {
		this.#log = log;
		this.#maxLinesPerMinute = maxLinesPerMinute;
		this.#now = now;
	}

	/** Counts a refusal and logs one line for it, at most `maxLinesPerMinute` lines a minute. */
	refuse(reason: RefusalReason, detail: string): void {
		this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
		const now = this.#now();
		if (now - this.#windowStart >= 60_000) {
			if (this.#silenced > 0) this.#log(`[refus] … et ${this.#silenced} autres refus non affichés dans la dernière minute`);
			this.#windowStart = now;
			this.#linesInWindow = 0;
			this.#silenced = 0;
		}
		if (this.#linesInWindow < this.#maxLinesPerMinute) {
			this.#linesInWindow++;
			this.#log(`[refus] ${reason} : ${detail}`);
		} else this.#silenced++;
	}

	count(reason: RefusalReason): number {
		return this.#counts.get(reason) ?? 0;
	}

	toJSON(): Record<string, number> {
		return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
	}
}

/** The address a request comes from; with `trustProxy`, the last hop of X-Forwarded-For. */
export function clientAddress(req: IncomingMessage, trustProxy = false): string {
	if (trustProxy) {
		const header = req.headers['x-forwarded-for'];
		const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').at(-1)?.trim() ?? '';
		if (isIP(last)) return last;
	}
	const address = req.socket.remoteAddress ?? 'unknown';
	// An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
	return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Open sockets of one endpoint, in total and per address. */
export class ConnectionCounter {
	readonly max: number;
	readonly maxPerAddress: number;
	#total = 0;
	readonly #perAddress = new Map<string, number>();

	constructor(max: number, maxPerAddress: number) {
		this.max = max;
		this.maxPerAddress = maxPerAddress;
	}

	/** Takes a slot for `address`, or says which limit is reached. */
	acquire(address: string): 'capacity' | 'per-address' | (() => void) {
		if (this.#total >= this.max) return 'capacity';
		const mine = this.#perAddress.get(address) ?? 0;
		if (mine >= this.maxPerAddress) return 'per-address';
		this.#total++;
		this.#perAddress.set(address, mine + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.#total--;
			const left = (this.#perAddress.get(address) ?? 1) - 1;
			if (left <= 0) this.#perAddress.delete(address);
			else this.#perAddress.set(address, left);
		};
	}

	get total(): number {
		return this.#total;
	}

	get addresses(): number {
		return this.#perAddress.size;
	}
}

/** A socket as the budget sees it: `ws`'s WebSocket has this. */
export interface Queued {
	readonly bufferedAmount: number;
}

/**
 * Bytes queued in the server for sockets that are behind (their kernel buffer is full), for the whole
 * server. A socket with nothing queued is always served: its data goes straight to the kernel, and no
 * bookkeeping is done on this path, which is every send of a healthy room. A socket that is behind is a
 * slow reader when its own queue would pass its endpoint's limit, or when the server's total would pass
 * `total`: it is closed instead of growing the server's memory.
 */
export class OutgoingBudget {
	readonly total: number;
	readonly #behind = new Set<Queued>();
	#sum = 0;
	#summedAt = -Infinity;

	constructor(total: number) {
		this.total = total;
	}

	/** Bytes queued for sockets that are behind (sockets that caught up are forgotten on the way). */
	get queued(): number {
		let sum = 0;
		for (const socket of this.#behind) {
			const queued = socket.bufferedAmount;
			if (queued === 0) this.#behind.delete(socket);
			else sum += queued;
		}
		this.#sum = sum;
		this.#summedAt = performance.now();
		return sum;
	}

	/** May `socket` take `bytes` more? */
	admits(socket: Queued, bytes: number, perSocket: number): boolean {
		const buffered = socket.bufferedAmount;
		if (buffered + bytes > perSocket) return false;
		// The path of every send in a healthy room: small, and straight to the kernel.
		if (buffered === 0 && bytes <= SMALL_SEND) return true;
		// A large send may stay in memory (the kernel takes a few hundred KB): it counts from now on.
		const known = this.#behind.has(socket);
		// Summed again when a socket falls behind, else at most every few milliseconds: a room's broadcast
		// to many lagging sockets stays linear.
		const sum = !known || performance.now() - this.#summedAt > 5 ? this.queued : this.#sum;
		// Added after the sum, which forgets sockets with nothing queued: this one's send is about to be.
		this.#behind.add(socket);
		return sum + (known ? 0 : buffered) + bytes <= this.total;
	}

	/** A closed socket holds nothing any more. */
	forget(socket: Queued): void {
		this.#behind.delete(socket);
	}
}

/** Sends up to this size to a socket with nothing queued are not counted (they go to the kernel). */
const SMALL_SEND = 64 * 1024;

/** A sliding count of events per key (rooms created per address). */
export class WindowCounter {
	readonly #windowMs: number;
	readonly #events = new Map<string, number[]>();
	readonly #now: () => number;
	#adds = 0;

	constructor(windowMs: number, now: () => number = Date.now) {
		this.#windowMs = windowMs;
		this.#now = now;
	}

	/** Events of `key` within the window. */
	count(key: string): number {
		const since = this.#now() - this.#windowMs;
		const kept = (this.#events.get(key) ?? []).filter((t) => t > since);
		if (kept.length === 0) this.#events.delete(key);
		else this.#events.set(key, kept);
		return kept.length;
	}

	add(key: string): void {
		// Now and then, forget every key whose events are all past, so one-off keys do not pile up.
		if (++this.#adds % 1_000 === 0) for (const other of [...this.#events.keys()]) this.count(other);
		this.count(key);
		this.#events.set(key, [...(this.#events.get(key) ?? []), this.#now()]);
	}

	/** Keys with events still in the window (after the last sweep). */
	get size(): number {
		return this.#events.size;
	}
}
