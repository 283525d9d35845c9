// Runs inside a network namespace: forwards connections on a Unix socket (a file, reachable from outside
// the namespace) to a TCP port on the namespace's own loopback. The tests reach WebKitWebDriver this way.
import { connect, createServer } from 'node:net';
import { chmodSync, rmSync } from 'node:fs';

const [socketPath, port] = process.argv.slice(2);
if (!socketPath || !port) throw new Error('usage: unix-bridge.ts <socket path> <port>');
rmSync(socketPath, { force: true });
const server = createServer((client) => {
	const upstream = connect(Number(port), '127.0.0.1');
	client.pipe(upstream).pipe(client);
	const close = () => {
		client.destroy();
		upstream.destroy();
	};
	client.on('error', close);
	upstream.on('error', close);
});
server.listen(socketPath, () => {
	// The bridge may run as root (sudo) while the tests do not.
	chmodSync(socketPath, 0o666);
	console.log('bridge ready');
});
// Open WebDriver and BiDi connections would keep close() waiting: the bridge has nothing to save.
process.on('SIGTERM', () => process.exit(0));
