// `npm run screenshots [-- --url http://localhost:4000 --out web/screenshots --token JWT]`: a
// screenshot of every page of a running hub (`npm start`), at 1366×768 and at phone width
// (390×844). With `--token` (`npm run -s token -- --role ADMIN`) the pages are signed in, and the
// import page shows the dry run of its kind's template (a dry run writes nothing).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../lib/env.js';
import { launchChromium, PAGES } from './browser.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    out: { type: 'string', default: join(ROOT, 'web', 'screenshots') },
    token: { type: 'string' },
  },
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
        await context.addInitScript(
          ({ l, token }) => {
            localStorage.setItem('bangfu.lang', l);
            if (token) sessionStorage.setItem('bangfu.token', token);
          },
          { l: lang, token: values.token ?? null },
        );
        const page = await context.newPage();
        await page.goto(origin + path);
        await page.locator(ready).first().waitFor({ timeout: 60_000 });
        if (name === 'import' && values.token) {
          const kind = new URL(origin + path).searchParams.get('kind');
          const template = Buffer.from(await (await fetch(`${origin}/import/${kind}/template.csv`)).arrayBuffer());
          await page.locator('input[name=file]').setInputFiles({ name: `${kind}.csv`, mimeType: 'text/csv', buffer: template });
          await page.locator('main form button[type=submit]').first().click();
          await page.locator('[data-testid=dry-run-done]').waitFor({ timeout: 60_000 });
        }
        await page.waitForTimeout(500);
        const file = join(values.out!, `${name}-${lang}-${viewport.width}.png`);
        await page.screenshot({ path: file, fullPage: false });
        console.log(file);
        await context.close();
      }
} finally {
  await browser.close();
}
