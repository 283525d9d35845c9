import { launchBrowser } from './scripts/chromium.ts';
import { createAtelierServer } from './src/server/server.ts';
const s = createAtelierServer({ root: 'build', port: 0, host: '127.0.0.1' }); const port = await s.listen();
const b = await launchBrowser(); const p = await b.newPage({ viewport: { width: 800, height: 1000 } });
for (const path of process.argv.slice(2)) { await p.goto(`http://127.0.0.1:${port}${path}`); await p.screenshot({ path: `/tmp/shot${path.replace(/\//g, '_') || '_'}.png`, fullPage: true }); }
await b.close(); await s.close();
