// Asking the browser to keep this device's copy of its ateliers (navigator.storage.persist). Safari evicts
// the storage of a site unused for days, and any browser may under storage pressure; a persisted copy
// stays. A plain-HTTP LAN page (a tablet on the room's Wi-Fi) has no navigator.storage at all: there the
// laptop's copy is what lasts, and the facilitator is told (see DevicesPanel).
import type { StorageDurability } from '$lib/sync/status';

export async function persistStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<StorageDurability> {
	if (!storage?.persist || !storage.persisted) return 'unavailable';
	try {
		if (await storage.persisted()) return 'persisted';
		return (await storage.persist()) ? 'persisted' : 'best-effort';
	} catch {
		return 'best-effort';
	}
}
