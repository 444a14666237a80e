// `npm run screenshots [-- --url http://localhost:4000 --out web/screenshots]`: a screenshot of
// every page of a running hub (`npm start`), at 1366×768 and at phone width (390×844).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../lib/env.js';
import { launchChromium, PAGES } from './browser.js';

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://localhost:4000' }, out: { type: 'string', default: join(ROOT, 'web', 'screenshots') } },
});
const origin = new URL(values.url!).origin;
mkdirSync(values.out!, { recursive: true });
const browser = await launchChromium();
try {
  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 390, height: 844 },
  ])
    for (const lang of ['zh', 'en'])
      for (const { name, path, ready } of PAGES) {
        if (lang === 'en' && name === 'graphiql') continue;
        const context = await browser.newContext({ viewport });
        await context.addInitScript((l) => localStorage.setItem('bangfu.lang', l), lang);
        const page = await context.newPage();
        await page.goto(origin + path);
        await page.locator(ready).first().waitFor({ timeout: 60_000 });
        await page.waitForTimeout(500);
        const file = join(values.out!, `${name}-${lang}-${viewport.width}.png`);
        await page.screenshot({ path: file, fullPage: false });
        console.log(file);
        await context.close();
      }
} finally {
  await browser.close();
}
