import { describe, expect, it } from 'vitest';
import { lanAddresses, serverUrls } from './network.ts';

describe('lanAddresses', () => {
	it('keeps external IPv4 addresses only', () => {
		const found = lanAddresses({
			lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '', cidr: null }],
			wlan0: [
				{ address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '', cidr: null },
				{ address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff::', mac: '', cidr: null, scopeid: 2 }
			]
		});
		expect(found).toEqual(['192.168.1.20']);
	});

	it('puts the room’s likely Wi-Fi first, containers and tunnels last', () => {
		const v4 = (address: string) => [{ address, family: 'IPv4' as const, internal: false, netmask: '255.255.255.0', mac: '', cidr: null }];
		const found = lanAddresses({
			docker0: v4('172.17.0.1'),
			tun0: v4('10.8.0.2'),
			eth0: v4('10.20.30.40'),
			wlan0: v4('192.168.43.12'),
			'br-1': v4('192.168.49.1')
		});
		expect(found).toEqual(['192.168.43.12', '10.20.30.40', '192.168.49.1', '10.8.0.2', '172.17.0.1']);
	});
});

describe('serverUrls', () => {
	it('lists every LAN address when bound to all interfaces', () => {
		expect(serverUrls('0.0.0.0', 8787, ['192.168.1.20', '10.0.0.5'])).toEqual({
			local: 'http://localhost:8787/',
			lan: ['http://192.168.1.20:8787/', 'http://10.0.0.5:8787/']
		});
	});

	it('lists no LAN address when bound to loopback', () => {
		expect(serverUrls('127.0.0.1', 9000, ['192.168.1.20'])).toEqual({ local: 'http://127.0.0.1:9000/', lan: [] });
	});

	it('brackets an IPv6 address the server is bound to', () => {
		expect(serverUrls('fd00::5', 8787, []).lan).toEqual(['http://[fd00::5]:8787/']);
	});

	it('uses the bound address when bound to one interface', () => {
		expect(serverUrls('192.168.1.20', 8787, [])).toEqual({
			local: 'http://localhost:8787/',
			lan: ['http://192.168.1.20:8787/']
		});
	});
});
