// The addresses a tablet on the same Wi-Fi can use to reach this laptop.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
	const found: string[] = [];
	for (const infos of Object.values(interfaces)) {
		for (const info of infos ?? []) {
			// IPv4 only: tablets type or scan these, and link-local IPv6 needs a zone id.
			if (info.family === 'IPv4' && !info.internal) found.push(info.address);
		}
	}
	return found;
}

/** URLs to print for a server bound to `host`: the local one first, then every LAN address. */
export function serverUrls(host: string, port: number, lan: string[] = lanAddresses()): { local: string; lan: string[] } {
	const local = `http://localhost:${port}/`;
	const wildcard = host === '0.0.0.0' || host === '::' || host === '';
	if (!wildcard) {
		const isLoopback = host === 'localhost' || host.startsWith('127.') || host === '::1';
		return {
			local: isLoopback ? `http://${host.includes(':') ? `[${host}]` : host}:${port}/` : local,
			lan: isLoopback ? [] : [`http://${host}:${port}/`]
		};
	}
	return { local, lan: lan.map((address) => `http://${address}:${port}/`) };
}
