// Instances of a hosted service sharing rooms through Redis (ATELIER_REDIS_URL, docs/DEPLOYMENT.md):
// - the relay's rooms: Hocuspocus's own Redis extension publishes every change and awareness update of
//   a room to the other instances holding it (and locks a room while one instance stores it);
// - signaling: a publish on a topic goes to this instance's members and, through Redis pub/sub, to the
//   instances that have members of that topic. Each instance subscribes to a topic's channel only while
//   one of its devices is in the topic.
// Frames between instances are trusted as much as Redis is (it must be private to the service), yet a
// frame read from Redis is still checked for shape before it reaches a device.
import { randomUUID } from 'node:crypto';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import RedisClient, { type RedisOptions } from 'ioredis';
import { describeRedisUrl } from './hosted.ts';

/** What the signaling hub tells the cluster, and how the cluster hands it frames of other instances. */
export interface SignalingBridge {
	/** The first device of this instance joined `topic`. */
	joined(topic: string): void;
	/** The last device of this instance left `topic`. */
	left(topic: string): void;
	/** A frame published on `topic` by a device of this instance. */
	published(topic: string, frame: Buffer): void;
}

export interface ClusterLink {
	readonly identifier: string;
	/** For Hocuspocus's `extensions`. */
	readonly extension: RedisExtension;
	readonly bridge: SignalingBridge;
	/** Frames of other instances, for the hub's local members of `topic`. */
	onRemoteFrame(handler: (topic: string, frame: Buffer) => void): void;
	/** Both Redis connections of signaling are up. */
	connected(): boolean;
	/** Frames from Redis dropped as malformed. */
	dropped(): number;
	/** Resolves once Redis answered, rejects with a French message if it does not answer in time. */
	ready(timeoutMs?: number): Promise<void>;
	close(): Promise<void>;
}

export const CLUSTER_PREFIX = 'atelier';
const SIGNAL_CHANNEL = `${CLUSTER_PREFIX}:signal:`;
/** Signaling frames are at most the hub's payload limit; anything larger on Redis is not ours. */
const MAX_REMOTE_FRAME = 256 * 1024;

/** `identifier` length-prefixed, then the frame: the layout the Hocuspocus extension uses for its own messages. */
export function encodeClusterFrame(identifier: Buffer, frame: Buffer): Buffer {
	return Buffer.concat([Buffer.from([identifier.length]), identifier, frame]);
}

/** The sender and frame of a message read from Redis, or null if it is not one of ours. */
export function decodeClusterFrame(message: Buffer): { identifier: string; frame: Buffer } | null {
	if (message.length < 2 || message.length > MAX_REMOTE_FRAME) return null;
	const length = message[0] ?? 0;
	if (length === 0 || message.length < 1 + length + 2) return null;
	const identifier = message.toString('utf8', 1, 1 + length);
	const frame = message.subarray(1 + length);
	// A signaling frame is a JSON object; the hub serialised it itself.
	if (frame[0] !== 0x7b || frame[frame.length - 1] !== 0x7d) return null;
	return { identifier, frame };
}

export function createClusterLink(redisUrl: string, options: { identifier?: string; redis?: RedisOptions } = {}): ClusterLink {
	const identifier = options.identifier ?? `instance-${randomUUID()}`;
	const idBytes = Buffer.from(identifier, 'utf8');
	// Signaling is retried by the devices themselves: a frame is dropped rather than queued while Redis is away.
	const redisOptions: RedisOptions = { maxRetriesPerRequest: 2, ...options.redis };
	const open = (offlineQueue: boolean) => {
		const client = new RedisClient(redisUrl, { ...redisOptions, enableOfflineQueue: offlineQueue });
		// ioredis reconnects by itself; an unhandled 'error' event would end the process.
		client.on('error', () => undefined);
		return client;
	};
	const pub = open(false);
	const sub = open(true);
	const extension = new RedisExtension({
		identifier,
		prefix: CLUSTER_PREFIX,
		createClient: () => open(true),
		// Before an instance unloads a room, changes still in flight from the others get this long to arrive.
		disconnectDelay: 1_000
	});
	let handler: (topic: string, frame: Buffer) => void = () => {};
	let dropped = 0;
	sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
		const name = channel.toString('utf8');
		if (!name.startsWith(SIGNAL_CHANNEL)) return;
		const decoded = decodeClusterFrame(message);
		if (!decoded) {
			dropped++;
			return;
		}
		if (decoded.identifier === identifier) return;
		handler(name.slice(SIGNAL_CHANNEL.length), decoded.frame);
	});

	const bridge: SignalingBridge = {
		joined: (topic) => void sub.subscribe(SIGNAL_CHANNEL + topic).catch(() => undefined),
		left: (topic) => void sub.unsubscribe(SIGNAL_CHANNEL + topic).catch(() => undefined),
		published: (topic, frame) => {
			if (pub.status !== 'ready') return;
			void pub.publish(SIGNAL_CHANNEL + topic, encodeClusterFrame(idBytes, frame)).catch(() => undefined);
		}
	};

	return {
		identifier,
		extension,
		bridge,
		onRemoteFrame(next) {
			handler = next;
		},
		connected: () => pub.status === 'ready' && sub.status === 'ready',
		dropped: () => dropped,
		async ready(timeoutMs = 10_000) {
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`${describeRedisUrl(redisUrl)} ne répond pas (ATELIER_REDIS_URL)`)), timeoutMs);
			});
			const answered = Promise.all(
				[pub, sub].map((client) =>
					client.status === 'ready' ? undefined : new Promise<void>((resolve) => client.once('ready', () => resolve()))
				)
			);
			try {
				await Promise.race([answered, timeout]);
			} finally {
				clearTimeout(timer);
			}
		},
		async close() {
			pub.disconnect(false);
			sub.disconnect(false);
		}
	};
}
