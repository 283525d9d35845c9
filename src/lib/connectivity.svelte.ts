// Reactive view of the browser's network state, shared by the header indicator and, later, the
// atelier screens. It says whether this device has a network, not whether a peer is reachable.
export class Connectivity {
	online = $state(true);

	/** Starts listening; returns the function that stops. Call from an effect (browser only). */
	listen(target: Window): () => void {
		this.online = target.navigator.onLine;
		const update = () => {
			this.online = target.navigator.onLine;
		};
		target.addEventListener('online', update);
		target.addEventListener('offline', update);
		return () => {
			target.removeEventListener('online', update);
			target.removeEventListener('offline', update);
		};
	}
}
