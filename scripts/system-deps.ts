// What `npm test` needs from the system, and how it gets it: Debian packages checked by the command or
// file each provides. Missing ones are installed with apt-get as root or with passwordless sudo;
// otherwise the test run stops at once with the exact command to run. Pure decisions here (tested);
// scripts/ensure-system.ts probes the machine and runs them.

/** WebKitGTK's MiniBrowser, where Debian puts it on each architecture. */
export const MINIBROWSER_PATHS = ['x86_64-linux-gnu', 'aarch64-linux-gnu'].map((arch) => `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`);

/** PostgreSQL's server binaries, where Debian puts them (not on PATH), newest first. */
export const POSTGRES_PATHS = ['18', '17', '16', '15', '14', '13'].map((version) => `/usr/lib/postgresql/${version}/bin/postgres`);

export interface Requirement {
	/** Debian package. */
	pkg: string;
	/** What it is for, in the message. */
	why: string;
	/** Absolute paths, one of which must exist; or commands looked up on PATH. */
	paths?: string[];
	commands?: string[];
}

export const REQUIREMENTS: readonly Requirement[] = [
	{ pkg: 'chromium', why: 'browser tests (the laptop and Chromium tablets)', paths: ['/usr/bin/chromium'] },
	{ pkg: 'libreoffice-writer-nogui', why: 'DOCX and ODT reports converted to PDF', commands: ['soffice'] },
	{ pkg: 'poppler-utils', why: 'reading the PDFs of the reports', commands: ['pdftotext'] },
	{ pkg: 'iproute2', why: 'the loopback-only network namespace of the peer-to-peer tests', commands: ['ip', 'tc'] },
	{
		pkg: 'webkit2gtk-driver',
		why: 'the WebKit tablet (WebKitWebDriver and WebKitGTK’s MiniBrowser)',
		commands: ['WebKitWebDriver'],
		paths: MINIBROWSER_PATHS
	},
	{ pkg: 'xvfb', why: 'a display for the WebKit tablet', commands: ['Xvfb'] },
	{ pkg: 'firefox-esr', why: 'the Firefox tablet (driven over WebDriver BiDi)', commands: ['firefox-esr'] },
	{ pkg: 'redis-server', why: 'the hosted service’s tests (rooms shared by two instances)', commands: ['redis-server'] },
	{ pkg: 'postgresql', why: 'the hosted service’s tests (rooms kept in PostgreSQL)', paths: POSTGRES_PATHS }
];

export type Plan =
	| { action: 'none' }
	| { action: 'install'; as: 'root' | 'sudo'; packages: string[]; commands: string[][] }
	| { action: 'stop'; packages: string[]; message: string };

export interface Probe {
	/** Whether the requirement is met on this machine. */
	has(requirement: Requirement): boolean;
	isRoot: boolean;
	/** `sudo -n true` succeeds. */
	sudo: boolean;
}

const APT = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];

/** What to do about the missing packages. */
export function plan(requirements: readonly Requirement[], probe: Probe): Plan {
	const missing = requirements.filter((r) => !probe.has(r));
	if (missing.length === 0) return { action: 'none' };
	const packages = [...new Set(missing.map((r) => r.pkg))];
	const install = [
		[...APT, 'update', '-qq'],
		[...APT, 'install', '-y', '-qq', ...packages]
	];
	if (probe.isRoot) return { action: 'install', as: 'root', packages, commands: install };
	if (probe.sudo) return { action: 'install', as: 'sudo', packages, commands: install.map((c) => ['sudo', '-n', ...c]) };
	const lines = missing.map((r) => `  - ${r.pkg}: ${r.why}`).join('\n');
	return {
		action: 'stop',
		packages,
		message: `npm test needs Debian packages that are missing:\n${lines}\nRun this once, then npm test again:\n  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`
	};
}
