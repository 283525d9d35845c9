// One place that knows how to start Debian's Chromium headless on this kind of machine.
// Used by the browser tests, the bench and the icon generator.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync',
	'--allow-loopback-in-peer-connection'
];

export interface LaunchedBrowser {
	/** A persistent context: service workers, IndexedDB and caches live in its own fresh user-data-dir. */
	context: BrowserContext;
	close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh user-data-dir. Each call is a separate browser process, so two
 * of them never share BroadcastChannel, storage or a service worker: they behave like two devices.
 */
export async function launchDevice(
	options: { args?: string[]; viewport?: { width: number; height: number } } = {}
): Promise<LaunchedBrowser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install -y chromium).`);
	}
	const userDataDir = mkdtempSync(join(tmpdir(), 'atelier-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
		viewport: options.viewport ?? { width: 1024, height: 768 },
		locale: 'fr-FR',
		permissions: ['camera', 'microphone']
	});
	return {
		context,
		async close() {
			await context.close().catch(() => undefined);
			rmSync(userDataDir, { recursive: true, force: true });
		}
	};
}

/** A plain browser for one-off jobs (screenshots, benchmarks) that need no persistent storage. */
export async function launchBrowser(extra: LaunchOptions = {}): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [...CHROMIUM_ARGS, ...(extra.args ?? [])],
		...extra
	});
}
