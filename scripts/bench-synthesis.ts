// Issue 17: a synthesis of 20 full-day ateliers (each built as in the full-day bench: 30 participants,
// 10 sheets), stored in the browser's IndexedDB, opened on the « Synthèses » page and computed again
// from a click, with the CPU throttled 4× (a modest tablet). Needs the app's server on `origin`.
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { newRoomCode, roomFromCode } from '../src/lib/shared/room.ts';
import { grid, listSheets, getSheet, setText, updateInfo } from '../src/lib/model/index.ts';

export const SYNTHESIS_ATELIERS = 20;

/**
 * Twenty territories' copies of one full day: each its own atelier (its own creation time, the
 * atelier's identity), its own territory, and answers of its own on the first grid, so the comparison
 * has as many distinct answers to set side by side as real ateliers would.
 */
export function territories(fullDay: Uint8Array): Uint8Array[] {
	return Array.from({ length: SYNTHESIS_ATELIERS }, (_, i) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, fullDay);
		// Bench data: the creation time is written as createAtelier writes it, one day apart.
		doc.getMap('meta').set('createdAt', new Date(Date.UTC(2026, 0, 1 + i, 9)).toISOString());
		updateInfo(doc, {
			title: `Journée du territoire ${i + 1}`,
			territory: `Territoire ${i + 1}`,
			date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`
		});
		const first = listSheets(doc).find((s) => s.type === 'grid');
		if (first) {
			const sheet = getSheet(doc, first.id);
			for (const row of grid.readGrid(sheet).rows.slice(0, 6))
				setText(grid.ensureCell(sheet, row.id, 'reponse'), `Réponse propre au territoire ${i + 1} : ${row.question.slice(0, 40)}`);
		}
		return Y.encodeStateAsUpdate(doc);
	});
}

/** Stores the ateliers and a synthesis of all of them in the page's IndexedDB; returns the synthesis's id. */
async function seed(page: Page, origin: string, updates: Uint8Array[]): Promise<string> {
	await page.goto(`${origin}/ateliers`);
	await page.getByTestId('no-atelier').waitFor();
	const ids = updates.map(() => roomFromCode(newRoomCode()).id);
	await page.evaluate(
		async ([atelierIds, encoded]) => {
			const db = await new Promise<IDBDatabase>((ok, ko) => {
				const request = indexedDB.open('atelier-capacities');
				request.onsuccess = () => ok(request.result);
				request.onerror = () => ko(request.error);
			});
			const tx = db.transaction(['ateliers', 'updates', 'syntheses'], 'readwrite');
			const now = new Date().toISOString();
			(atelierIds as string[]).forEach((id, i) => {
				const bytes = Uint8Array.from(atob((encoded as string[])[i]!), (c) => c.charCodeAt(0));
				tx.objectStore('ateliers').put({
					id,
					title: `Journée du territoire ${i + 1}`,
					date: '',
					territory: `Territoire ${i + 1}`,
					updatedAt: now
				});
				tx.objectStore('updates').add({ atelierId: id, update: bytes });
			});
			tx.objectStore('syntheses').put({ id: 'bench', name: 'Synthèse de bench', atelierIds, imported: [], createdAt: now, updatedAt: now });
			await new Promise((ok, ko) => {
				tx.oncomplete = ok;
				tx.onerror = ko;
			});
			db.close();
		},
		[ids, updates.map((u) => Buffer.from(u).toString('base64'))]
	);
	return 'bench';
}

/**
 * Opens the synthesis (navigation → every atelier loaded, compared and rendered), then times a
 * recomputation from a click (« Renommer »: saved, 20 ateliers loaded from IndexedDB, compared, blocks
 * rendered); medians of 3, at 4× CPU.
 */
export async function synthesisTiming(
	origin: string,
	page: Page,
	updates: Uint8Array[]
): Promise<{ open: number; recompute: number; ateliers: number }> {
	const id = await seed(page, origin, updates);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	const synthesis = page.getByTestId('synthesis');
	const rendered = (name: string) => synthesis.getByRole('heading', { level: 1, name }).waitFor({ timeout: 120_000 });
	try {
		const opens: number[] = [];
		for (let i = 0; i < 3; i++) {
			await page.goto(`${origin}/syntheses?id=${id}`);
			await rendered(i === 0 ? 'Synthèse de bench' : `Synthèse de bench ${i}`);
			await page.locator('[data-testid="synthesis"][aria-busy="false"]').waitFor({ timeout: 120_000 });
			opens.push(await page.evaluate(() => performance.now()));
			// The next open shows the next name: a render of this run, not the last one's.
			await page.getByLabel('Nom de la synthèse').fill(`Synthèse de bench ${i + 1}`);
			await page.getByRole('button', { name: 'Renommer' }).click();
			await rendered(`Synthèse de bench ${i + 1}`);
		}
		const recomputes: number[] = [];
		for (let i = 0; i < 3; i++) {
			const name = `Synthèse recalculée ${i + 1}`;
			await page.getByLabel('Nom de la synthèse').fill(name);
			const start = Date.now();
			await page.getByRole('button', { name: 'Renommer' }).click();
			await rendered(name);
			recomputes.push(Date.now() - start);
		}
		const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
		const ateliers = await synthesis.getByTestId('report-ateliers').locator('tbody tr').count();
		return { open: Math.round(median(opens)), recompute: median(recomputes), ateliers };
	} finally {
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
	}
}
