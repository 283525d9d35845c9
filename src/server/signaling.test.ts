import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, jsonDepthExceeds, parseSignalMessage, RateLimiter, SignalingHub, type SignalPeer } from './signaling.ts';

class TestPeer implements SignalPeer {
	received: unknown[] = [];
	raw: string[] = [];
	send(frame: Buffer): void {
		this.raw.push(frame.toString('utf8'));
		this.received.push(JSON.parse(frame.toString('utf8')));
	}
}

describe('parseSignalMessage', () => {
	it.each([
		['{"type":"subscribe","topics":["a","b"]}', { type: 'subscribe', topics: ['a', 'b'] }],
		['{"type":"unsubscribe","topics":["a"]}', { type: 'unsubscribe', topics: ['a'] }],
		['{"type":"publish","topic":"a","data":"xyz"}', { type: 'publish', topic: 'a', data: 'xyz', exact: true }],
		['{"type":"publish","topic":"a","data":{"k":1},"extra":true}', { type: 'publish', topic: 'a', data: { k: 1 }, exact: false }],
		['{"type":"ping"}', { type: 'ping' }]
	])('accepts %s', (text, expected) => {
		expect(parseSignalMessage(text)).toEqual({ ok: true, message: expected });
	});

	it.each([
		['', 'not JSON'],
		['{', 'not JSON'],
		['null', 'not an object'],
		['[1,2]', 'not an object'],
		['"subscribe"', 'not an object'],
		['{"type":"hello"}', 'unknown type'],
		['{"topics":["a"]}', 'unknown type'],
		['{"type":"subscribe"}', 'topics must be an array'],
		['{"type":"subscribe","topics":"a"}', 'topics must be an array'],
		['{"type":"subscribe","topics":[1]}', 'invalid topic'],
		['{"type":"subscribe","topics":[""]}', 'invalid topic'],
		[`{"type":"subscribe","topics":["${'x'.repeat(DEFAULT_LIMITS.maxTopicLength + 1)}"]}`, 'invalid topic'],
		[JSON.stringify({ type: 'subscribe', topics: Array.from({ length: 33 }, (_, i) => `t${i}`) }), 'too many topics'],
		['{"type":"publish","data":"x"}', 'invalid topic'],
		['{"type":"publish","topic":{},"data":"x"}', 'invalid topic'],
		['{"type":"publish","topic":"a"}', 'missing data']
	])('rejects %s (%s)', (text, reason) => {
		expect(parseSignalMessage(text)).toEqual({ ok: false, reason });
	});
});

describe('jsonDepthExceeds', () => {
	it.each([
		['{}', 1, false],
		['{"a":{}}', 1, true],
		['[[[]]]', 3, false],
		['[[[[]]]]', 3, true],
		['{"a":"[[[[[[[["}', 1, false],
		['{"a":"\\"[[[["}', 1, false],
		['"\\\\"[[', 1, true],
		['[]'.repeat(1000), 1, false]
	])('%s with limit %i → %s', (text, limit, expected) => {
		expect(jsonDepthExceeds(text, limit)).toBe(expected);
	});

	it('agrees with JSON.parse on random nesting', () => {
		for (let i = 0; i < 200; i++) {
			const depth = Math.floor(Math.random() * 30);
			const text = `${'{"k":['.repeat(depth)}"a[b{c"${']}'.repeat(depth)}`;
			expect(JSON.parse(text)).toBeTruthy();
			expect(jsonDepthExceeds(text, 16)).toBe(depth * 2 > 16);
		}
	});
});

describe('RateLimiter', () => {
	it('allows the burst, then the sustained rate', () => {
		let now = 0;
		const limiter = new RateLimiter(10, 3, () => now);
		expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, true, false]);
		now += 100; // one token back at 10 per second
		expect([limiter.take(), limiter.take()]).toEqual([true, false]);
		now += 10_000; // refills to the burst, never above
		expect([limiter.take(), limiter.take(), limiter.take(), limiter.take()]).toEqual([true, true, true, false]);
	});
});

describe('SignalingHub', () => {
	function setup() {
		const hub = new SignalingHub();
		const [a, b, c] = [new TestPeer(), new TestPeer(), new TestPeer()];
		for (const peer of [a, b, c]) hub.add(peer);
		return { hub, a, b, c };
	}

	it('delivers a publish to every subscriber of the topic', () => {
		const { hub, a, b, c } = setup();
		hub.receive(a, '{"type":"subscribe","topics":["room"]}');
		hub.receive(b, '{"type":"subscribe","topics":["room"]}');
		hub.receive(c, '{"type":"subscribe","topics":["other"]}');
		expect(hub.receive(a, '{"type":"publish","topic":"room","data":"hello","junk":1}')).toBe(true);
		const expected = { type: 'publish', topic: 'room', data: 'hello' };
		expect(a.received).toEqual([expected]);
		expect(b.received).toEqual([expected]);
		expect(c.received).toEqual([]);
		expect(hub.stats()).toEqual({ connections: 3, topics: 2, dropped: 0 });
	});

	it('refuses a publish to a topic the sender has not joined', () => {
		const { hub, a, b } = setup();
		hub.receive(b, '{"type":"subscribe","topics":["room"]}');
		expect(hub.receive(a, '{"type":"publish","topic":"room","data":"intrusion"}')).toBe(false);
		expect(b.received).toEqual([]);
		expect(hub.stats().dropped).toBe(1);
	});

	it('answers ping with pong and forgets topics on unsubscribe and removal', () => {
		const { hub, a, b } = setup();
		hub.receive(a, '{"type":"ping"}');
		expect(a.received).toEqual([{ type: 'pong' }]);
		hub.receive(a, '{"type":"subscribe","topics":["r1","r2"]}');
		hub.receive(b, '{"type":"subscribe","topics":["r2"]}');
		hub.receive(a, '{"type":"unsubscribe","topics":["r1"]}');
		expect(hub.stats().topics).toBe(1);
		hub.remove(a);
		hub.remove(b);
		expect(hub.stats()).toMatchObject({ connections: 1, topics: 0 });
	});

	it('bounds the topics one connection may hold, across several subscribe messages', () => {
		const hub = new SignalingHub({ maxTopicsPerConnection: 3 });
		const a = new TestPeer();
		hub.add(a);
		expect(hub.receive(a, '{"type":"subscribe","topics":["1","2"]}')).toBe(true);
		expect(hub.receive(a, '{"type":"subscribe","topics":["2","3"]}')).toBe(true);
		expect(hub.receive(a, '{"type":"subscribe","topics":["4"]}')).toBe(false);
		expect(hub.stats().topics).toBe(3);
	});

	it('drops messages beyond the rate limit', () => {
		const hub = new SignalingHub({ messagesPerSecond: 1, messageBurst: 5 });
		const a = new TestPeer();
		hub.add(a);
		const results = Array.from({ length: 10 }, () => hub.receive(a, '{"type":"ping"}'));
		expect(results.filter(Boolean)).toHaveLength(5);
		expect(a.received).toHaveLength(5);
	});

	it('drops messages beyond the byte rate, and says why', () => {
		const reasons: string[] = [];
		const hub = new SignalingHub({ bytesPerSecond: 1, byteBurst: 100 }, (reason) => reasons.push(reason));
		const a = new TestPeer();
		hub.add(a);
		expect(hub.receive(a, `{"type":"subscribe","topics":["${'r'.repeat(60)}"]}`)).toBe(true);
		expect(hub.receive(a, `{"type":"subscribe","topics":["${'s'.repeat(60)}"]}`)).toBe(false);
		expect(reasons).toEqual(['rate']);
	});

	it('refuses a member beyond the size of a topic, and keeps the others', () => {
		const reasons: string[] = [];
		const hub = new SignalingHub({ maxPeersPerTopic: 2 }, (reason) => reasons.push(reason));
		const peers = [new TestPeer(), new TestPeer(), new TestPeer()];
		for (const peer of peers) hub.add(peer);
		expect(peers.map((peer) => hub.receive(peer, '{"type":"subscribe","topics":["room"]}'))).toEqual([true, true, false]);
		expect(hub.receive(peers[2]!, '{"type":"publish","topic":"room","data":1}')).toBe(false);
		hub.receive(peers[0]!, '{"type":"publish","topic":"room","data":1}');
		expect(peers.map((peer) => peer.received.length)).toEqual([1, 1, 0]);
		expect(reasons).toEqual(['topic-full', 'bad-frame']);
	});

	it('forwards y-webrtc’s own messages as they came, and only the validated fields of others', () => {
		const { hub, a, b } = setup();
		hub.receive(a, '{"type":"subscribe","topics":["room"]}');
		hub.receive(b, '{"type":"subscribe","topics":["room"]}');
		hub.receive(a, '{"topic":"room","type":"publish","data":{"to":"b"}}');
		hub.receive(a, '{"type":"publish","topic":"room","data":1,"__proto__":{"x":1},"extra":"secret"}');
		expect(b.raw).toEqual(['{"topic":"room","type":"publish","data":{"to":"b"}}', '{"type":"publish","topic":"room","data":1}']);
	});

	it('refuses deep nesting before parsing, and forwards what it accepted', () => {
		const { hub, a, b } = setup();
		hub.receive(a, '{"type":"subscribe","topics":["room"]}');
		hub.receive(b, '{"type":"subscribe","topics":["room"]}');
		// About 20 KB, under the frame limit: once parsed, JSON.stringify of it overflowed the stack.
		const deep = `{"type":"publish","topic":"room","data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
		expect(hub.receive(a, deep)).toBe(false);
		const ok = `{"type":"publish","topic":"room","data":${'['.repeat(14)}"x"${']'.repeat(14)}}`;
		expect(hub.receive(a, ok)).toBe(true);
		expect(b.received).toHaveLength(1);
	});

	it('ignores frames from a connection it does not know', () => {
		const hub = new SignalingHub();
		expect(hub.receive(new TestPeer(), '{"type":"ping"}')).toBe(false);
	});
});
