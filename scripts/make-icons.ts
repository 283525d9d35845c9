// Renders static/favicon.svg into the PNG icons the web manifest needs (192, 512 and a maskable 512
// with the safe-zone padding), with the same Chromium the tests use. Run: npm run icons
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser } from './chromium.ts';

const svg = readFileSync('static/favicon.svg', 'utf8');
const browser = await launchBrowser();
try {
	const page = await browser.newPage();
	const jobs: { file: string; size: number; maskable: boolean }[] = [
		{ file: 'static/icons/icon-192.png', size: 192, maskable: false },
		{ file: 'static/icons/icon-512.png', size: 512, maskable: false },
		{ file: 'static/icons/maskable-512.png', size: 512, maskable: true }
	];
	for (const { file, size, maskable } of jobs) {
		await page.setViewportSize({ width: size, height: size });
		// A maskable icon is cropped to a circle of 80 % of its size: keep the drawing inside it.
		const inner = maskable ? Math.round(size * 0.7) : size;
		const background = maskable ? '#1b4d89' : 'transparent';
		await page.setContent(
			`<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${background}">` +
				`<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`
		);
		writeFileSync(file, await page.screenshot({ omitBackground: !maskable, type: 'png' }));
		console.log(`wrote ${file}`);
	}
} finally {
	await browser.close();
}
