// The hosted service's settings, read from the environment by `npm start` (cli.ts). Pure, so the rules
// are tested: PostgreSQL alone (one instance, rooms in a database), PostgreSQL and Redis (several
// instances sharing rooms); Redis alone is refused, since each instance would keep its own copy of the
// rooms on its own disk and a device would find a different atelier depending on its instance.

export interface HostedSettings {
	databaseUrl?: string;
	redisUrl?: string;
}

export type HostedResult = { ok: true; settings: HostedSettings } | { ok: false; message: string };

function parseUrl(text: string, protocols: string[]): URL | null {
	try {
		const url = new URL(text);
		return protocols.includes(url.protocol) && url.hostname !== '' ? url : null;
	} catch {
		return null;
	}
}

export function hostedSettings(env: Record<string, string | undefined>): HostedResult {
	const database = env.ATELIER_DATABASE_URL?.trim() || undefined;
	const redis = env.ATELIER_REDIS_URL?.trim() || undefined;
	if (database && !parseUrl(database, ['postgres:', 'postgresql:']))
		return { ok: false, message: 'ATELIER_DATABASE_URL doit être une adresse postgres://utilisateur:motdepasse@hôte:port/base' };
	if (redis && !parseUrl(redis, ['redis:', 'rediss:']))
		return { ok: false, message: 'ATELIER_REDIS_URL doit être une adresse redis://hôte:port (ou rediss:// avec TLS)' };
	if (redis && !database)
		return {
			ok: false,
			message:
				'ATELIER_REDIS_URL demande aussi ATELIER_DATABASE_URL : des instances qui partagent les salles doivent les garder dans la même base PostgreSQL'
		};
	return { ok: true, settings: { databaseUrl: database, redisUrl: redis } };
}

/** A connection string without its password, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `PostgreSQL ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
	} catch {
		return 'PostgreSQL';
	}
}

/** A Redis URL without its password, for messages and logs. */
export function describeRedisUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `Redis ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
	} catch {
		return 'Redis';
	}
}
