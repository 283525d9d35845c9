// Service-worker registration, exposed as reactive state for the update banner.
// registerType is 'prompt': a new version waits until the user chooses to reload, so nothing being
// typed in a workshop is lost to an automatic reload.
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';
import { whenIdle } from '$lib/shared/schedule';

const UPDATE_CHECK_MS = 60 * 60 * 1000;

export class AppUpdate {
	/** A new version is installed and waiting. */
	needRefresh = $state(false);
	/** The app shell is cached: the app now opens without a network. */
	offlineReady = $state(false);
	#update: ((reload?: boolean) => Promise<void>) | undefined;

	async register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		// Registered once the page is idle: the worker's code and its precache never compete with the
		// first screen (Workbox's advice: register after load).
		await whenIdle();
		const { registerSW } = await import('virtual:pwa-register');
		const options: RegisterSWOptions = {
			immediate: true,
			onNeedRefresh: () => {
				this.needRefresh = true;
			},
			onOfflineReady: () => {
				this.offlineReady = true;
			},
			onRegisteredSW: (_url, registration) => {
				if (!registration) return;
				// A laptop left running all day still learns about a new version.
				setInterval(() => {
					if (navigator.onLine) void registration.update().catch(() => undefined);
				}, UPDATE_CHECK_MS);
			}
		};
		this.#update = registerSW(options);
	}

	/** Activates the waiting version; the page reloads once it controls the page. */
	async apply(): Promise<void> {
		await this.#update?.(true);
	}

	dismiss(): void {
		this.needRefresh = false;
		this.offlineReady = false;
	}
}
