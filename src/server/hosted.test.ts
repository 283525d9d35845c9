import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, describeRedisUrl, hostedSettings } from './hosted.ts';
import { decodeClusterFrame, encodeClusterFrame } from './cluster.ts';

describe('hosted settings', () => {
	it('keeps the laptop default when nothing is set, and takes PostgreSQL alone or with Redis', () => {
		expect(hostedSettings({})).toEqual({ ok: true, settings: { databaseUrl: undefined, redisUrl: undefined } });
		expect(hostedSettings({ ATELIER_DATABASE_URL: ' postgres://a@b/c ' })).toEqual({
			ok: true,
			settings: { databaseUrl: 'postgres://a@b/c', redisUrl: undefined }
		});
		const both = hostedSettings({ ATELIER_DATABASE_URL: 'postgresql://a@b/c', ATELIER_REDIS_URL: 'rediss://r:6380' });
		expect(both).toEqual({ ok: true, settings: { databaseUrl: 'postgresql://a@b/c', redisUrl: 'rediss://r:6380' } });
	});

	it('refuses Redis alone and URLs of the wrong kind, in French', () => {
		const alone = hostedSettings({ ATELIER_REDIS_URL: 'redis://r' });
		expect(alone.ok).toBe(false);
		expect(!alone.ok && alone.message).toContain('demande aussi ATELIER_DATABASE_URL');
		for (const env of [
			{ ATELIER_DATABASE_URL: 'mysql://b' },
			{ ATELIER_DATABASE_URL: 'pas une adresse' },
			{ ATELIER_DATABASE_URL: 'postgres://' }
		])
			expect(hostedSettings(env).ok).toBe(false);
		expect(hostedSettings({ ATELIER_DATABASE_URL: 'postgres://a@b/c', ATELIER_REDIS_URL: 'http://r' }).ok).toBe(false);
	});

	it('never prints a password', () => {
		expect(describeDatabaseUrl('postgres://atelier:s3cret@db.example:5432/ateliers')).toBe('PostgreSQL db.example:5432/ateliers');
		expect(describeRedisUrl('redis://:s3cret@cache:6379/2')).toBe('Redis cache:6379/2');
		expect(describeDatabaseUrl('nimporte quoi')).toBe('PostgreSQL');
	});
});

describe('frames between instances', () => {
	it('round-trips a signaling frame and refuses anything else', () => {
		const frame = Buffer.from('{"type":"publish","topic":"t","data":1}');
		expect(decodeClusterFrame(encodeClusterFrame(Buffer.from('instance-1'), frame))).toEqual({ identifier: 'instance-1', frame });
		for (const junk of [
			Buffer.alloc(0),
			Buffer.from([0, 0x7b, 0x7d]),
			Buffer.from([50, 1, 2]),
			encodeClusterFrame(Buffer.from('i'), Buffer.from('<html>')),
			encodeClusterFrame(Buffer.from('i'), Buffer.alloc(300_000, 0x7b))
		])
			expect(decodeClusterFrame(junk)).toBeNull();
	});
});
