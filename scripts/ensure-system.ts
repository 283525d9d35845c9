// First step of `npm test`: installs the Debian packages the tests need when they are missing (as root or
// with passwordless sudo), or stops with the exact command to run. See scripts/system-deps.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { plan, REQUIREMENTS, type Requirement } from './system-deps.ts';

function onPath(command: string): boolean {
	// ip and tc live in /usr/sbin, which a non-root PATH may lack.
	const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
	return dirs.some((dir) => {
		try {
			accessSync(join(dir, command), constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}

function has(requirement: Requirement): boolean {
	const paths = requirement.paths?.some((path) => {
		try {
			accessSync(path, constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
	if (requirement.paths && !paths) return false;
	return (requirement.commands ?? []).every(onPath);
}

const isRoot = process.getuid?.() === 0;
const sudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
const decision = plan(REQUIREMENTS, { has, isRoot, sudo });

if (decision.action === 'stop') {
	console.error(decision.message);
	process.exit(1);
}
if (decision.action === 'install') {
	console.log(`Installing ${decision.packages.join(', ')} (${decision.as === 'root' ? 'as root' : 'with sudo'})…`);
	for (const [command, ...args] of decision.commands) execFileSync(command!, args, { stdio: 'inherit' });
	const still = REQUIREMENTS.filter((r) => !has(r)).map((r) => r.pkg);
	if (still.length > 0) {
		console.error(`Still missing after apt-get: ${still.join(', ')}.`);
		process.exit(1);
	}
}
