// When work that the first screen does not need may run: after the browser has painted, or when
// it is idle. On a tablet, the first screen is what the person waits for; the rest can follow.

/** Resolves once the next frame has been painted (or after `fallbackMs`, in a hidden tab that paints nothing:
 * long enough that a slow first render on a tablet is not overtaken). */
export function afterPaint(fallbackMs = 1000): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, fallbackMs);
		requestAnimationFrame(() =>
			setTimeout(() => {
				clearTimeout(timer);
				resolve();
			})
		);
	});
}

/** Resolves once the page has loaded (or after `loadMs`, if a resource stalls) and the browser is idle
 * (at the latest `timeoutMs` later). */
export async function whenIdle(timeoutMs = 2000, loadMs = 5000): Promise<void> {
	if (document.readyState !== 'complete')
		await new Promise((resolve) => {
			addEventListener('load', resolve, { once: true });
			setTimeout(resolve, loadMs);
		});
	await afterPaint();
	await new Promise<void>((resolve) => {
		// WebKit has no requestIdleCallback.
		if ('requestIdleCallback' in globalThis) requestIdleCallback(() => resolve(), { timeout: timeoutMs });
		else setTimeout(resolve, 200);
	});
}
