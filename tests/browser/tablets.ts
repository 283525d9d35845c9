// Tablets as they are in a room: each in its own network namespace, joined to the server's namespace by a
// veth pair (both ends in our namespaces: no packet leaves the machine), reaching the laptop at a LAN
// address over plain HTTP — not a secure context, like http://192.168.1.10:8787 on the room's Wi-Fi.
// Cutting a tablet's network drops its packets (tc netem), which a real Wi-Fi loss does, and which
// closes nothing on its own (context.setOffline would leave open sockets alive).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser, createProfile } from '@puppeteer/browsers';
import puppeteer, { type ConnectionTransport, type ElementHandle, type Page as PuppeteerPage } from 'puppeteer-core';
import { WebSocket } from 'ws';
import { MINIBROWSER_PATHS } from '../../scripts/system-deps.ts';
import { createNetns, run, type Lab, type Netns } from './netns.ts';
import { literal as xpathLiteral, WebDriverSession } from './webdriver.ts';

export const MINIBROWSER = MINIBROWSER_PATHS.find((path) => existsSync(path)) ?? MINIBROWSER_PATHS[0]!;

export interface LanTablet {
	ns: Netns;
	/** The laptop as this tablet reaches it: http://10.77.n.1:port. */
	base: string;
	/** Drops every packet to and from this tablet until `reconnect()`. */
	cut(): void;
	reconnect(): void;
}

/** A namespace for tablet `n` (1–250), linked to the lab's server namespace on 10.77.n.0/24. */
export function lanTablet(lab: Lab, n: number): LanTablet {
	const ns = createNetns(`${lab.ns.name}-t${n}`);
	const server = `lan${n}`;
	const tablet = `wifi${n}`;
	const inServer = (...args: string[]) => run(['ip', 'netns', 'exec', lab.ns.name, ...args]);
	const inTablet = (...args: string[]) => run(['ip', 'netns', 'exec', ns.name, ...args]);
	inServer('ip', 'link', 'add', server, 'type', 'veth', 'peer', 'name', tablet, 'netns', ns.name);
	inServer('ip', 'addr', 'add', `10.77.${n}.1/24`, 'dev', server);
	inServer('ip', 'link', 'set', server, 'up');
	inTablet('ip', 'addr', 'add', `10.77.${n}.2/24`, 'dev', tablet);
	inTablet('ip', 'link', 'set', tablet, 'up');
	// As on a real LAN, the tablet reaches every address of the laptop (the one a QR code carries may be another interface's).
	inTablet('ip', 'route', 'add', 'default', 'via', `10.77.${n}.1`);
	let cut = false;
	const tablets: LanTablet = {
		ns,
		base: `http://10.77.${n}.1:${lab.port}`,
		cut() {
			inTablet('tc', 'qdisc', 'replace', 'dev', tablet, 'root', 'pfifo', 'limit', '0');
			inServer('tc', 'qdisc', 'replace', 'dev', server, 'root', 'pfifo', 'limit', '0');
			cut = true;
		},
		reconnect() {
			if (!cut) return;
			inTablet('tc', 'qdisc', 'del', 'dev', tablet, 'root');
			inServer('tc', 'qdisc', 'del', 'dev', server, 'root');
			cut = false;
		}
	};
	lab.cleanups.push(() => ns.remove());
	return tablets;
}

function spawnIn(ns: Netns, command: string[]): ChildProcess {
	const [first, ...rest] = [...ns.prefix, ...command];
	return spawn(first!, rest, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || !child.pid) return;
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		child.kill('SIGTERM');
	}
	await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
	if (child.exitCode === null) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
}

/** Resolves with what the process printed first, once `ready` matches its output. */
function until(child: ChildProcess, ready: RegExp, what: string): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 20_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = output.match(ready);
			if (match) {
				clearTimeout(timer);
				resolvePromise(match[1] ?? match[0]);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', (code) => reject(new Error(`${what} exited (${code}):\n${output}`)));
	});
}

/**
 * A WebKit tablet (WebKitGTK's MiniBrowser, the engine of every iPad browser) in the tablet's
 * namespace: its own Xvfb display and WebKitWebDriver, reached through a Unix socket bridge.
 * This WebKit build has no RTCPeerConnection: it syncs through the relay only.
 */
export async function webkitTablet(lab: Lab, tablet: LanTablet, viewport = { width: 820, height: 1180 }): Promise<WebDriverSession> {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-webkit-'));
	const children: ChildProcess[] = [];
	lab.cleanups.push(async () => {
		for (const child of children.reverse()) await stop(child);
		rmSync(dir, { recursive: true, force: true });
	});
	const xvfb = spawnIn(tablet.ns, [
		'Xvfb',
		'-displayfd',
		'1',
		'-screen',
		'0',
		`${viewport.width}x${viewport.height}x24`,
		'-nolisten',
		'tcp'
	]);
	children.push(xvfb);
	const display = await until(xvfb, /^(\d+)\s*$/m, 'Xvfb');
	const driver = spawnIn(tablet.ns, ['env', `DISPLAY=:${display}`, 'WebKitWebDriver', '--port=4444']);
	children.push(driver);
	const socket = join(dir, 'webdriver.sock');
	const bridge = spawnIn(tablet.ns, [process.execPath, '--import', 'tsx', resolve('tests/browser/unix-bridge.ts'), socket, '4444']);
	children.push(bridge);
	await until(bridge, /bridge ready/, 'bridge');
	if (!existsSync(socket)) throw new Error('the WebDriver bridge has no socket');
	let session: WebDriverSession | null = null;
	for (let attempt = 0; !session; attempt++) {
		try {
			session = await WebDriverSession.start(socket, { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } });
		} catch (error) {
			// The driver may still be starting.
			if (attempt > 40) throw error;
			await new Promise((r) => setTimeout(r, 250));
		}
	}
	const started = session;
	lab.cleanups.push(() => started.close());
	await started.setWindow(viewport.width, viewport.height).catch(() => undefined);
	return started;
}

/**
 * A Firefox tablet (Debian's firefox-esr) in the tablet's namespace, driven over WebDriver BiDi by
 * puppeteer-core through a Unix socket bridge. Firefox has RTCPeerConnection: it syncs over WebRTC
 * with the other devices, and through the relay.
 */
export async function firefoxTablet(lab: Lab, tablet: LanTablet, viewport = { width: 800, height: 1280 }): Promise<FirefoxPage> {
	const dir = mkdtempSync(join(tmpdir(), 'atelier-firefox-'));
	const profile = join(dir, 'profile');
	await createProfile(Browser.FIREFOX, {
		path: profile,
		preferences: {
			// Host candidates as addresses (not mDNS names) and no permission prompt: WebRTC on the LAN.
			'media.peerconnection.ice.obfuscate_host_addresses': false,
			'media.navigator.permission.disabled': true,
			'media.navigator.streams.fake': true
		}
	});
	const children: ChildProcess[] = [];
	lab.cleanups.push(async () => {
		for (const child of children.reverse()) await stop(child);
		rmSync(dir, { recursive: true, force: true });
	});
	const firefox = spawnIn(tablet.ns, [
		'env',
		`HOME=${dir}`,
		'MOZ_CRASHREPORTER_DISABLE=1',
		'firefox-esr',
		'--headless',
		'--no-remote',
		'--profile',
		profile,
		`--width=${viewport.width}`,
		`--height=${viewport.height}`,
		'--remote-debugging-port=9222',
		'about:blank'
	]);
	children.push(firefox);
	await until(firefox, /WebDriver BiDi listening on (ws:\/\/\S+)/, 'Firefox');
	const socket = join(dir, 'bidi.sock');
	const bridge = spawnIn(tablet.ns, [process.execPath, '--import', 'tsx', resolve('tests/browser/unix-bridge.ts'), socket, '9222']);
	children.push(bridge);
	await until(bridge, /bridge ready/, 'bridge');
	// Through the bridge's Unix socket; Firefox accepts only a local Host header.
	const ws = new WebSocket(`ws+unix://${socket}:/session`, { perMessageDeflate: false, headers: { Host: '127.0.0.1:9222' } });
	await new Promise<void>((ready, fail) => {
		ws.once('open', () => ready());
		ws.once('error', fail);
	});
	const transport: ConnectionTransport = {
		send: (message) => ws.send(message),
		close: () => ws.close()
	};
	ws.on('message', (data) => transport.onmessage?.(data.toString()));
	ws.on('close', () => transport.onclose?.());
	const browser = await puppeteer.connect({ transport, protocol: 'webDriverBiDi', defaultViewport: viewport });
	lab.cleanups.push(() => browser.disconnect().catch(() => undefined));
	const [existing] = await browser.pages();
	return new FirefoxPage(existing ?? (await browser.newPage()));
}

/** Queries a person makes on a puppeteer page (labels, button and link names), like webdriver.ts's. */
export class FirefoxPage {
	readonly page: PuppeteerPage;

	constructor(page: PuppeteerPage) {
		this.page = page;
	}

	async goto(url: string): Promise<void> {
		await this.page.goto(url, { waitUntil: 'load' });
	}

	async #find(xpath: string, timeout = 15_000): Promise<ElementHandle<Element>> {
		const handle = await this.page.waitForSelector(`::-p-xpath(${xpath})`, { timeout });
		if (!handle) throw new Error(`nothing matches ${xpath}`);
		return handle as ElementHandle<Element>;
	}

	/** The form control of the `nth` label with this text. */
	async byLabel(text: string, nth = 1, timeout?: number): Promise<ElementHandle<Element>> {
		const label = await this.#find(`(//label[normalize-space(.)=${xpathLiteral(text)}])[${nth}]`, timeout);
		const target = await label.evaluate((l) => l.getAttribute('for'));
		return this.#find(`//*[@id=${xpathLiteral(target ?? '')}]`, timeout);
	}

	button(name: string, timeout?: number): Promise<ElementHandle<Element>> {
		return this.#find(`//button[normalize-space(.)=${xpathLiteral(name)}]`, timeout);
	}

	link(name: string, timeout?: number): Promise<ElementHandle<Element>> {
		return this.#find(`//a[normalize-space(.)=${xpathLiteral(name)}]`, timeout);
	}

	byTestId(id: string, timeout?: number): Promise<ElementHandle<Element>> {
		return this.#find(`//*[@data-testid=${xpathLiteral(id)}]`, timeout);
	}

	async value(element: ElementHandle<Element>): Promise<string> {
		return element.evaluate((e) => (e as HTMLInputElement).value);
	}
}
