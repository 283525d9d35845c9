// A small W3C WebDriver client over plain HTTP, for the engines Playwright does not drive here (WebKitGTK
// through WebKitWebDriver). The driver runs inside a network namespace, so requests go through a Unix
// socket bridged into it. Queries follow what a person sees: labels, button and link names, visible text.
import { request } from 'node:http';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

interface Answer {
	value: unknown;
}

export class WebDriverError extends Error {}

/** One HTTP call to the driver; W3C errors become WebDriverError with the driver's message. */
function call(socketPath: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = request(
			{
				socketPath,
				method,
				path,
				headers: { 'content-type': 'application/json', ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}) }
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => {
					let answer: Answer;
					try {
						answer = JSON.parse(text) as Answer;
					} catch {
						return reject(new WebDriverError(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
					}
					const value = answer.value as { error?: string; message?: string } | null;
					if ((res.statusCode ?? 500) >= 400 || (value && typeof value === 'object' && 'error' in value && value.error)) {
						return reject(new WebDriverError(`${method} ${path}: ${value?.error ?? res.statusCode} ${value?.message ?? ''}`));
					}
					resolve(answer.value);
				});
			}
		);
		req.on('error', reject);
		req.setTimeout(60_000, () => req.destroy(new WebDriverError(`${method} ${path}: no answer in 60 s`)));
		if (payload) req.write(payload);
		req.end();
	});
}

/** XPath string literal for any text (quotes included). */
export function literal(text: string): string {
	if (!text.includes("'")) return `'${text}'`;
	if (!text.includes('"')) return `"${text}"`;
	return `concat(${text
		.split("'")
		.map((part) => `'${part}'`)
		.join(`, "'", `)})`;
}

export class Element {
	readonly session: WebDriverSession;
	readonly id: string;

	constructor(session: WebDriverSession, id: string) {
		this.session = session;
		this.id = id;
	}

	#path(suffix: string): string {
		return `/session/${this.session.id}/element/${this.id}${suffix}`;
	}

	async click(): Promise<void> {
		await this.session.send('POST', this.#path('/click'), {});
	}

	async type(text: string): Promise<void> {
		await this.session.send('POST', this.#path('/value'), { text });
	}

	async text(): Promise<string> {
		return (await this.session.send('GET', this.#path('/text'))) as string;
	}

	async value(): Promise<string> {
		return ((await this.session.send('GET', this.#path('/property/value'))) as string | null) ?? '';
	}

	async attribute(name: string): Promise<string | null> {
		return (await this.session.send('GET', this.#path(`/attribute/${name}`))) as string | null;
	}
}

export class WebDriverSession {
	readonly socketPath: string;
	readonly id: string;

	private constructor(socketPath: string, id: string) {
		this.socketPath = socketPath;
		this.id = id;
	}

	static async start(socketPath: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
		const value = (await call(socketPath, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } })) as { sessionId: string };
		return new WebDriverSession(socketPath, value.sessionId);
	}

	send(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
		return call(this.socketPath, method, path, body);
	}

	async goto(url: string): Promise<void> {
		await this.send('POST', `/session/${this.id}/url`, { url });
	}

	async url(): Promise<string> {
		return (await this.send('GET', `/session/${this.id}/url`)) as string;
	}

	async setWindow(width: number, height: number): Promise<void> {
		await this.send('POST', `/session/${this.id}/window/rect`, { width, height });
	}

	async screenshot(): Promise<Buffer> {
		return Buffer.from((await this.send('GET', `/session/${this.id}/screenshot`)) as string, 'base64');
	}

	/** All elements matching an XPath, now. */
	async all(xpath: string): Promise<Element[]> {
		const found = (await this.send('POST', `/session/${this.id}/elements`, { using: 'xpath', value: xpath })) as Record<string, string>[];
		return found.map((e) => new Element(this, e[ELEMENT]!));
	}

	/** The first element matching an XPath, waiting for it up to `timeoutMs`. */
	async find(xpath: string, timeoutMs = 15_000): Promise<Element> {
		const end = Date.now() + timeoutMs;
		for (;;) {
			const [first] = await this.all(xpath);
			if (first) return first;
			if (Date.now() > end) throw new WebDriverError(`nothing matches ${xpath} after ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** The form control a person finds by its label's text (the `nth` such label, from 1), through the label's `for`. */
	async byLabel(text: string, nth = 1, timeoutMs?: number): Promise<Element> {
		const label = await this.find(`(//label[normalize-space(.)=${literal(text)}])[${nth}]`, timeoutMs);
		const target = await label.attribute('for');
		if (target) return this.find(`//*[@id=${literal(target)}]`, timeoutMs);
		return this.find(`//label[normalize-space(.)=${literal(text)}]//*[self::input or self::textarea or self::select]`, timeoutMs);
	}

	button(name: string, timeoutMs?: number): Promise<Element> {
		return this.find(`//button[normalize-space(.)=${literal(name)}]`, timeoutMs);
	}

	link(name: string, timeoutMs?: number): Promise<Element> {
		return this.find(`//a[normalize-space(.)=${literal(name)}]`, timeoutMs);
	}

	async close(): Promise<void> {
		await this.send('DELETE', `/session/${this.id}`).catch(() => undefined);
	}
}

/** Polls `read` until `accept` says yes, or fails with the last value read. */
export async function poll<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	let last: T | undefined;
	let failure: unknown;
	for (;;) {
		try {
			last = await read();
			if (accept(last)) return last;
		} catch (error) {
			failure = error;
		}
		if (Date.now() > end)
			throw new WebDriverError(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms${failure ? ` (${String(failure)})` : ''}`);
		await new Promise((r) => setTimeout(r, 150));
	}
}
