// `npm run bench:pages [-- --url http://localhost:4000 --runs 7]`: time to interactive of the
// place page (永寿县) and the national coverage view on a running hub (`npm start`), in
// chromium: from navigation start to the moment the page shows its data (React has attached
// its handlers by then), each run in a fresh browser context (empty cache), then with the
// assets cached. Prints the median and the slowest run.
import { parseArgs } from 'node:util';
import { launchChromium, PAGES } from '../scripts/browser.js';

const { values } = parseArgs({ options: { url: { type: 'string', default: 'http://localhost:4000' }, runs: { type: 'string', default: '7' } } });
const origin = new URL(values.url!).origin;
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launchChromium();
try {
  for (const name of ['place', 'coverage']) {
    const { path, ready } = PAGES.find((p) => p.name === name)!;
    for (const cache of ['cold', 'warm'] as const) {
      const times: number[] = [];
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      if (cache === 'warm') await (await context.newPage()).goto(origin + path);
      for (let i = 0; i < runs; i++) {
        const page = cache === 'cold' ? await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage() : await context.newPage();
        await page.goto(origin + path);
        await page.locator(ready).first().waitFor({ timeout: 120_000 });
        times.push(await page.evaluate(() => performance.now()));
        await (cache === 'cold' ? page.context().close() : page.close());
      }
      await context.close();
      console.log(`${name.padEnd(8)} ${cache}: median ${Math.round(median(times))} ms, slowest ${Math.round(Math.max(...times))} ms (${runs} runs)`);
    }
  }
} finally {
  await browser.close();
}
