// y-webrtc-compatible signaling: clients subscribe to topics (room names) and publish small
// messages (WebRTC offers, answers, ICE candidates, already encrypted by the clients) to the other
// subscribers of a topic. Unlike y-webrtc's own bin/server.js, every frame is validated: a bad frame
// is dropped and counted, never allowed to crash the process or to reach another client. Nesting is
// measured on the text before JSON.parse, so nothing parsed can be too deep to serialise again.

export interface SignalingLimits {
	/** Largest frame accepted, in bytes; the WebSocket layer refuses larger ones before parsing. */
	maxPayloadBytes: number;
	maxTopicsPerConnection: number;
	maxTopicLength: number;
	/** Sustained messages per second per connection, and the burst allowed above it. */
	messagesPerSecond: number;
	messageBurst: number;
	/** Sustained bytes per second per connection, and the burst: a publish is copied to every member. */
	bytesPerSecond: number;
	byteBurst: number;
	/** Deepest JSON nesting accepted (y-webrtc's messages nest 3 levels deep). */
	maxDepth: number;
	/** Most members of one topic (y-webrtc meshes at most 40 peers; a room has a few dozen devices). */
	maxPeersPerTopic: number;
}

export const DEFAULT_LIMITS: SignalingLimits = {
	maxPayloadBytes: 128 * 1024,
	maxTopicsPerConnection: 32,
	maxTopicLength: 256,
	messagesPerSecond: 100,
	messageBurst: 300,
	bytesPerSecond: 256 * 1024,
	byteBurst: 1024 * 1024,
	maxDepth: 16,
	maxPeersPerTopic: 256
};

export type SignalMessage =
	| { type: 'subscribe'; topics: string[] }
	| { type: 'unsubscribe'; topics: string[] }
	| { type: 'publish'; topic: string; data: unknown; exact: boolean }
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

/**
 * Deepest nesting of arrays and objects in a JSON text, stopping as soon as `limit` is passed; brackets
 * inside strings do not count. Linear in the text, no recursion.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x7b || c === 0x5b) {
			if (++depth > limit) return true;
		} else if (c === 0x7d || c === 0x5d) depth--;
	}
	return false;
}

/** Validates one text frame. Anything that is not exactly a known message is rejected. */
export function parseSignalMessage(text: string, limits: SignalingLimits = DEFAULT_LIMITS): ParseResult {
	if (text.length > limits.maxPayloadBytes) return { ok: false, reason: 'too large' };
	if (jsonDepthExceeds(text, limits.maxDepth)) return { ok: false, reason: 'too deep' };
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
			// y-webrtc's own messages have exactly these three fields: their text can go out as it came.
			const exact = Object.keys(value).length === 3;
			return { ok: true, message: { type: 'publish', topic, data: value.data, exact } };
		}
		case 'ping':
			return { ok: true, message: { type: 'ping' } };
		default:
			return { ok: false, reason: 'unknown type' };
	}
}

/**
 * What the hub needs from a connection: small enough to implement over `ws` or in a test. The
 * transport decides what a slow reader costs (server.ts closes it).
 */
export interface SignalPeer {
	/** One JSON text frame, UTF-8 encoded once for every member it goes to. */
	send(frame: Buffer): void;
}

const PONG = Buffer.from(JSON.stringify({ type: 'pong' }));

/** Why the hub refused a frame, for the server's counters and log. */
export type SignalRefusal = 'rate' | 'bad-frame' | 'topic-full';

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

	/** Takes `cost` tokens (1 message, or a frame's bytes). */
	take(cost = 1): boolean {
		const t = this.#now();
		this.#tokens = Math.min(this.#burst, this.#tokens + ((t - this.#last) / 1000) * this.#perSecond);
		this.#last = t;
		if (this.#tokens < cost) return false;
		this.#tokens -= cost;
		return true;
	}
}

export interface HubStats {
	connections: number;
	topics: number;
	dropped: number;
}

/**
 * Other instances of a hosted service (cluster.ts): told when this instance's first device joins a topic
 * and its last leaves, and handed every frame published here.
 */
export interface HubBridge {
	joined(topic: string): void;
	left(topic: string): void;
	published(topic: string, frame: Buffer): void;
}

/** Topic membership and routing, independent of the transport. */
export class SignalingHub {
	readonly limits: SignalingLimits;
	#bridge: HubBridge | null = null;
	readonly #topics = new Map<string, Set<SignalPeer>>();
	readonly #peers = new Map<SignalPeer, { topics: Set<string>; rate: RateLimiter; bytes: RateLimiter }>();
	readonly #onRefuse: (reason: SignalRefusal, detail: string) => void;
	#dropped = 0;

	constructor(limits: Partial<SignalingLimits> = {}, onRefuse: (reason: SignalRefusal, detail: string) => void = () => {}) {
		this.limits = { ...DEFAULT_LIMITS, ...limits };
		this.#onRefuse = onRefuse;
	}

	/** Shares topics with other instances; the topics already in use are joined at once. */
	connect(bridge: HubBridge): void {
		this.#bridge = bridge;
		for (const topic of this.#topics.keys()) bridge.joined(topic);
	}

	/** A frame another instance published on `topic`: for this instance's members of it. */
	deliver(topic: string, frame: Buffer): void {
		const members = this.#topics.get(topic);
		if (!members) return;
		for (const member of members) member.send(frame);
	}

	add(peer: SignalPeer): void {
		this.#peers.set(peer, {
			topics: new Set(),
			rate: new RateLimiter(this.limits.messagesPerSecond, this.limits.messageBurst),
			bytes: new RateLimiter(this.limits.bytesPerSecond, this.limits.byteBurst)
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
		if (!state.rate.take() || !state.bytes.take(text.length)) return this.#drop('rate', 'trop de messages de signalisation');
		const parsed = parseSignalMessage(text, this.limits);
		if (!parsed.ok) return this.#drop('bad-frame', `signalisation : ${parsed.reason}`);
		const message = parsed.message;
		switch (message.type) {
			case 'subscribe':
				for (const topic of message.topics) {
					if (state.topics.has(topic)) continue;
					if (state.topics.size >= this.limits.maxTopicsPerConnection) return this.#drop('bad-frame', 'trop de salles pour une connexion');
					let members = this.#topics.get(topic);
					if (members && members.size >= this.limits.maxPeersPerTopic) return this.#drop('topic-full', 'salle de signalisation pleine');
					if (!members) {
						members = new Set();
						this.#topics.set(topic, members);
						this.#bridge?.joined(topic);
					}
					state.topics.add(topic);
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
				if (!state.topics.has(message.topic)) return this.#drop('bad-frame', 'publication hors de ses salles');
				const members = this.#topics.get(message.topic);
				if (!members) return this.#drop('bad-frame', 'publication hors de ses salles');
				let out: Buffer;
				try {
					// The validated text itself when it holds nothing else; otherwise only the validated
					// fields, serialised again (depth was bounded before parsing: this cannot overflow).
					out = Buffer.from(message.exact ? text : JSON.stringify({ type: 'publish', topic: message.topic, data: message.data }));
				} catch {
					return this.#drop('bad-frame', 'publication impossible à réémettre');
				}
				// A slow reader closed by send() leaves the set while it is iterated, which a Set allows.
				for (const member of members) member.send(out);
				this.#bridge?.published(message.topic, out);
				return true;
			}
			case 'ping':
				peer.send(PONG);
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
		if (members.size === 0) {
			this.#topics.delete(topic);
			this.#bridge?.left(topic);
		}
	}

	#drop(reason: SignalRefusal, detail: string): false {
		this.#dropped++;
		this.#onRefuse(reason, detail);
		return false;
	}
}
