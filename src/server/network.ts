// The addresses a tablet on the same Wi-Fi can use to reach this laptop.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** Interfaces a room's Wi-Fi is never on: containers, virtual machines, VPN tunnels. */
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|tun|tap|wg|zt|tailscale|lxc|lxd|cni|flannel|podman)/;

/** How likely a tablet on the room's Wi-Fi reaches this address: home and office Wi-Fi first. */
function likelihood(name: string, address: string): number {
	const virtual = VIRTUAL.test(name) ? 10 : 0;
	if (address.startsWith('192.168.')) return virtual + 0;
	if (address.startsWith('10.')) return virtual + 1;
	if (/^172\.(1[6-9]|2\d|3[01])\./.test(address)) return virtual + 2;
	if (address.startsWith('169.254.')) return virtual + 4;
	return virtual + 3;
}

/** IPv4 addresses of this machine a tablet may reach, the likeliest first (interface order otherwise). */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
	const found: { address: string; rank: number; order: number }[] = [];
	for (const [name, infos] of Object.entries(interfaces)) {
		for (const info of infos ?? []) {
			// IPv4 only: tablets type or scan these, and link-local IPv6 needs a zone id.
			if (info.family === 'IPv4' && !info.internal)
				found.push({ address: info.address, rank: likelihood(name, info.address), order: found.length });
		}
	}
	return found.sort((a, b) => a.rank - b.rank || a.order - b.order).map((f) => f.address);
}

/** URLs to print for a server bound to `host`: the local one first, then every LAN address. */
export function serverUrls(host: string, port: number, lan: string[] = lanAddresses()): { local: string; lan: string[] } {
	const local = `http://localhost:${port}/`;
	const wildcard = host === '0.0.0.0' || host === '::' || host === '';
	if (!wildcard) {
		const isLoopback = host === 'localhost' || host.startsWith('127.') || host === '::1';
		return {
			local: isLoopback ? `http://${host.includes(':') ? `[${host}]` : host}:${port}/` : local,
			lan: isLoopback ? [] : [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`]
		};
	}
	return { local, lan: lan.map((address) => `http://${address}:${port}/`) };
}
