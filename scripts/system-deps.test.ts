import { describe, expect, it } from 'vitest';
import { plan, REQUIREMENTS, type Requirement } from './system-deps.ts';

const missing =
	(...pkgs: string[]) =>
	(r: Requirement) =>
		!pkgs.includes(r.pkg);

describe('what npm test does about missing system packages', () => {
	it('does nothing when everything is there', () => {
		expect(plan(REQUIREMENTS, { has: () => true, isRoot: false, sudo: false })).toEqual({ action: 'none' });
	});

	it('installs as root, or with passwordless sudo, only what is missing', () => {
		const root = plan(REQUIREMENTS, { has: missing('chromium', 'poppler-utils'), isRoot: true, sudo: false });
		expect(root).toMatchObject({ action: 'install', as: 'root', packages: ['chromium', 'poppler-utils'] });
		expect(root.action === 'install' && root.commands.at(-1)).toEqual([
			'env',
			'DEBIAN_FRONTEND=noninteractive',
			'apt-get',
			'install',
			'-y',
			'-qq',
			'chromium',
			'poppler-utils'
		]);
		const sudo = plan(REQUIREMENTS, { has: missing('iproute2'), isRoot: false, sudo: true });
		expect(sudo.action === 'install' && sudo.commands.every((c) => c[0] === 'sudo' && c[1] === '-n')).toBe(true);
	});

	it('otherwise stops with the exact command, naming what each package is for', () => {
		const stop = plan(REQUIREMENTS, { has: missing('libreoffice-writer-nogui', 'chromium'), isRoot: false, sudo: false });
		expect(stop.action).toBe('stop');
		expect(stop.action === 'stop' && stop.message).toContain(
			'sudo apt-get update && sudo apt-get install -y chromium libreoffice-writer-nogui'
		);
		expect(stop.action === 'stop' && stop.message).toMatch(/libreoffice-writer-nogui: DOCX and ODT/);
	});
});
