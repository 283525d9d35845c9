// y-webrtc-compatible signaling: clients subscribe to topics (room names) and publish small
// messages (WebRTC offers, answers, ICE candidates, already encrypted by the clients) to the other
// subscribers of a topic. Unlike y-webrtc's own bin/server.js, every frame is validated: a bad frame
// is dropped and counted, never allowed to crash the process or to reach another client.

export interface SignalingLimits {
	/** Largest frame accepted, in bytes; the WebSocket layer refuses larger ones before parsing. */
	maxPayloadBytes: number;
	maxTopicsPerConnection: number;
	maxTopicLength: number;
	/** Sustained messages per second per connection, and the burst allowed above it. */
	messagesPerSecond: number;
	messageBurst: number;
	/** A receiver whose outgoing buffer exceeds this is skipped (a slow tablet must not stall a room). */
	maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: SignalingLimits = {
	maxPayloadBytes: 128 * 1024,
	maxTopicsPerConnection: 32,
	maxTopicLength: 256,
	messagesPerSecond: 100,
	messageBurst: 300,
	maxBufferedBytes: 4 * 1024 * 1024
};

export type SignalMessage =
	| { type: 'subscribe'; topics: string[] }
	| { type: 'unsubscribe'; topics: string[] }
	| { type: 'publish'; topic: string; data: unknown }
	| { type: 'ping' };

export type ParseResult = { ok: true; message: SignalMessage } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTopics(value: unknown, limits: SignalingLimits): string[] | string {
	if (!Array.isArray(value)) return 'topics must be an array';
	if (value.length > limits.maxTopicsPerConnection) return 'too many topics';
	const topics: string[] = [];
	for (const topic of value) {
		if (typeof topic !== 'string' || topic.length === 0 || topic.length > limits.maxTopicLength) {
			return 'invalid topic';
		}
		topics.push(topic);
	}
	return topics;
}

/** Validates one text frame. Anything that is not exactly a known message is rejected. */
export function parseSignalMessage(text: string, limits: SignalingLimits = DEFAULT_LIMITS): ParseResult {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, reason: 'not JSON' };
	}
	if (!isRecord(value)) return { ok: false, reason: 'not an object' };
	switch (value.type) {
		case 'subscribe':
		case 'unsubscribe': {
			const topics = parseTopics(value.topics, limits);
			if (typeof topics === 'string') return { ok: false, reason: topics };
			return { ok: true, message: { type: value.type, topics } };
		}
		case 'publish': {
			const topic = value.topic;
			if (typeof topic !== 'string' || topic.length === 0 || topic.length > limits.maxTopicLength) {
				return { ok: false, reason: 'invalid topic' };
			}
			if (!('data' in value)) return { ok: false, reason: 'missing data' };
			return { ok: true, message: { type: 'publish', topic, data: value.data } };
		}
		case 'ping':
			return { ok: true, message: { type: 'ping' } };
		default:
			return { ok: false, reason: 'unknown type' };
	}
}

/** What the hub needs from a connection: small enough to implement over `ws` or in a test. */
export interface SignalPeer {
	send(text: string): void;
	/** Bytes queued for this peer and not yet written to the socket. */
	readonly bufferedAmount: number;
}

/** A token bucket: `take()` is false when the connection sends faster than allowed. */
export class RateLimiter {
	readonly #perSecond: number;
	readonly #burst: number;
	readonly #now: () => number;
	#tokens: number;
	#last: number;

	constructor(perSecond: number, burst: number, now: () => number = () => performance.now()) {
		this.#perSecond = perSecond;
		this.#burst = burst;
		this.#now = now;
		this.#tokens = burst;
		this.#last = now();
	}

	take(): boolean {
		const t = this.#now();
		this.#tokens = Math.min(this.#burst, this.#tokens + ((t - this.#last) / 1000) * this.#perSecond);
		this.#last = t;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}

export interface HubStats {
	connections: number;
	topics: number;
	dropped: number;
}

/** Topic membership and routing, independent of the transport. */
export class SignalingHub {
	readonly limits: SignalingLimits;
	readonly #topics = new Map<string, Set<SignalPeer>>();
	readonly #peers = new Map<SignalPeer, { topics: Set<string>; rate: RateLimiter }>();
	#dropped = 0;

	constructor(limits: Partial<SignalingLimits> = {}) {
		this.limits = { ...DEFAULT_LIMITS, ...limits };
	}

	add(peer: SignalPeer): void {
		this.#peers.set(peer, {
			topics: new Set(),
			rate: new RateLimiter(this.limits.messagesPerSecond, this.limits.messageBurst)
		});
	}

	remove(peer: SignalPeer): void {
		const state = this.#peers.get(peer);
		if (!state) return;
		for (const topic of state.topics) this.#leave(peer, topic);
		this.#peers.delete(peer);
	}

	/** Handles one incoming text frame from `peer`. Returns false when the frame was dropped. */
	receive(peer: SignalPeer, text: string): boolean {
		const state = this.#peers.get(peer);
		if (!state) return false;
		if (!state.rate.take()) return this.#drop();
		const parsed = parseSignalMessage(text, this.limits);
		if (!parsed.ok) return this.#drop();
		const message = parsed.message;
		switch (message.type) {
			case 'subscribe':
				for (const topic of message.topics) {
					if (state.topics.has(topic)) continue;
					if (state.topics.size >= this.limits.maxTopicsPerConnection) return this.#drop();
					state.topics.add(topic);
					let members = this.#topics.get(topic);
					if (!members) {
						members = new Set();
						this.#topics.set(topic, members);
					}
					members.add(peer);
				}
				return true;
			case 'unsubscribe':
				for (const topic of message.topics) {
					state.topics.delete(topic);
					this.#leave(peer, topic);
				}
				return true;
			case 'publish': {
				// Only members of a room may speak in it.
				if (!state.topics.has(message.topic)) return this.#drop();
				const members = this.#topics.get(message.topic);
				if (!members) return this.#drop();
				const out = JSON.stringify({
					type: 'publish',
					topic: message.topic,
					data: message.data,
					clients: members.size
				});
				for (const member of members) {
					if (member.bufferedAmount > this.limits.maxBufferedBytes) {
						this.#dropped++;
						continue;
					}
					member.send(out);
				}
				return true;
			}
			case 'ping':
				peer.send(JSON.stringify({ type: 'pong' }));
				return true;
		}
	}

	stats(): HubStats {
		return { connections: this.#peers.size, topics: this.#topics.size, dropped: this.#dropped };
	}

	#leave(peer: SignalPeer, topic: string): void {
		const members = this.#topics.get(topic);
		if (!members) return;
		members.delete(peer);
		if (members.size === 0) this.#topics.delete(topic);
	}

	#drop(): false {
		this.#dropped++;
		return false;
	}
}
