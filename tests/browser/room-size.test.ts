// The topology of a room by its size (src/lib/sync/topology.ts): two Chromium devices mesh over WebRTC;
// when eight more devices join (Node processes running the app's own sync code on the relay,
// scripts/bench-room-device.ts, with the code read from the facilitator's join link), the room becomes a star
// through the relay and the Chromium devices close their WebRTC connections while edits still flow; when the
// crowd leaves, they mesh again.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationFromFragment } from '../../src/lib/shared/room.ts';
import { MESH_MAX_DEVICES } from '../../src/lib/sync/topology.ts';
import { nodeDevice, type BenchDevice } from '../../scripts/bench-room.ts';
import { createAtelierWithGrid, open } from './helpers.ts';
import { Lab } from './netns.ts';

const PORT = 18_798;
const base = `http://127.0.0.1:${PORT}`;
let lab: Lab;
let link = '';
let a: Page;
let b: Page;
const crowd: BenchDevice[] = [];

const answer = (page: Page) => page.locator('.row').first().locator('[id$="-reponse"]');
const badge = (page: Page) => page.getByTestId('sync-state');

beforeAll(async () => {
	lab = await Lab.start('atelier-room', PORT);
	a = await lab.device({ viewport: { width: 1280, height: 900 } });
	const created = await createAtelierWithGrid(a, base, { title: 'Plénière', territory: 'Métropole', facilitator: 'Anne (animatrice)' });
	link = created.link;
	const sheet = new URL(created.gridUrl);

	b = await lab.device();
	await open(b, link);
	await b.getByLabel('Votre nom (ou un pseudonyme)').fill('Bruno');
	await b.getByRole('button', { name: 'Rejoindre l’atelier' }).click();
	await b.getByTestId('sheet-list').waitFor({ timeout: 20_000 });
	await open(b, `${base}${sheet.pathname}${sheet.search}`);
	await answer(b).waitFor();
}, 120_000);

afterAll(async () => {
	await Promise.allSettled(crowd.map((device) => device.stop()));
	await lab?.close();
});

describe('a room that grows past the mesh size', { timeout: 120_000 }, () => {
	it('meshes two devices over WebRTC', async () => {
		for (const page of [a, b]) await expect.poll(() => badge(page).getAttribute('data-webrtc-peers'), { timeout: 30_000 }).toBe('1');
	});

	it('becomes a star through the relay when more devices join, and edits still reach everyone', async () => {
		const { room } = invitationFromFragment(new URL(link).hash);
		for (let i = 0; i < MESH_MAX_DEVICES; i++) crowd.push(await nodeDevice(lab.ns, i));
		// The crowd is on the relay only: what is tested is what the Chromium devices do (and @roamhq/wrtc
		// sometimes crashes or hangs when it closes connections, which would make this test flaky).
		for (const device of crowd) await device.start(room.code, base, { name: 'relais', webrtc: false, relay: true });
		for (const page of [a, b]) {
			await expect.poll(() => badge(page).getAttribute('data-webrtc-peers'), { timeout: 60_000 }).toBe('0');
			await expect.poll(() => badge(page).getAttribute('data-relay'), { timeout: 20_000 }).toBe('connecte');
		}
		await answer(b).fill('Par le relais, à dix');
		await expect.poll(() => answer(a).inputValue(), { timeout: 20_000 }).toBe('Par le relais, à dix');
		await expect.poll(() => badge(b).getAttribute('data-state'), { timeout: 20_000 }).toBe('synchronise');
	});

	it('meshes again when the crowd has left', async () => {
		await Promise.all(crowd.splice(0).map((device) => device.stop()));
		for (const page of [a, b]) await expect.poll(() => badge(page).getAttribute('data-webrtc-peers'), { timeout: 60_000 }).toBe('1');
		await answer(a).fill('De nouveau en direct');
		await expect.poll(() => answer(b).inputValue(), { timeout: 20_000 }).toBe('De nouveau en direct');
	});
});
