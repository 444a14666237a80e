import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../lib/env.js';
import { listen } from '../lib/listen.js';
import { createLoadingFront } from '../gateway/loading.js';
import { sql } from 'drizzle-orm';
import { ADMIN, coordinator, createTestDatabase, rowsOf, seedFixture, startHub, tokenFor, type Hub, type TestDatabase } from './harness.js';

/**
 * The pages in a real browser (Debian's chromium, driven by playwright-core) against the
 * embedded hub on port 0 with the reference and demo data: every request the browser makes
 * goes to the hub itself, no page logs a console error, and each page shows what the graph
 * holds. CI installs chromium (.ci/run); without it this file is skipped, saying why.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`test/pages.test.ts skipped: no browser at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('the pages, in chromium', () => {
  let test: TestDatabase;
  let hub: Hub;
  let browser: Browser;
  let origin: string;
  const outside: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // As `npm start` does: build the pages when web/dist is missing or older than web/src.
    execFileSync(process.execPath, ['scripts/build-web.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
    test = await createTestDatabase();
    await seedFixture(test.database, { demo: true });
    hub = await startHub({ database: test.database });
    origin = new URL(hub.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await test?.drop();
  });

  /** A fresh page at 1366×768 that records requests to any other host and console errors. */
  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('request', (request) => {
      const host = new URL(request.url()).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost') outside.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${path}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
    await page.goto(origin + path);
    return page;
  }

  const clean = () => {
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  };

  it('serves the pages at / and their routes, with hashed assets cached for a year, and POST /graphql as before', async () => {
    const index = await fetch(`${origin}/coverage`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = (await index.text()).match(/\/assets\/[^"]+\.js/)![0];
    const cached = await fetch(origin + asset);
    expect(cached.status).toBe(200);
    expect(cached.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${origin}/assets/missing-0000.js`)).status).toBe(404);
    const graphiql = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('GraphiQL');
    const { data } = await hub.query('{ region(code: "610426") { name } }');
    expect(data!.region.name).toBe('永寿县');
  });

  it('the gateway process of the distributed topology serves the same pages and GraphiQL', async () => {
    const distributed = await startHub({ database: test.database, topology: 'distributed' });
    try {
      const at = new URL(distributed.url).origin;
      const index = await fetch(`${at}/place/610426`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<div id="root">');
      const graphiql = await fetch(`${at}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(await graphiql.text()).toContain('id="graphiql"');
      // A GraphQL client's GET is the graph's, not the page's.
      const get = await fetch(`${at}/graphql?query=${encodeURIComponent('{ region(code: "61") { name } }')}`, {
        headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
      });
      expect(await get.json()).toEqual({ data: { region: { name: '陕西省' } } });
      const { data } = await distributed.query('{ region(code: "610426") { name } }');
      expect(data!.region.name).toBe('永寿县');
    } finally {
      await distributed.stop();
    }
  });

  it("the committed document types (web/src/gql) match the pages' documents and the public graph", () => {
    // Exits non-zero, naming the stale files, when `npm run codegen:web` would change anything.
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/codegen-web.ts', '--check'], { cwd: ROOT, stdio: 'pipe' });
  }, 60_000);

  it('the embedded hub serves the pages while it loads its data, and the graph says it is loading', async () => {
    const front = createLoadingFront();
    const { httpServer, port } = await listen(front.app, 0, '127.0.0.1');
    try {
      const index = await fetch(`http://127.0.0.1:${port}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<div id="root">');
      const graph = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      expect(graph.status).toBe(503);
    } finally {
      httpServer.close();
    }
  });

  it('at phone width (390 px) the pages fit the screen: wide tables scroll inside their frame', async () => {
    for (const path of ['/place/610426', '/coverage', '/sasac']) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
      await page.goto(origin + path);
      await page.locator('tbody tr').first().waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.close();
    }
    clean();
  });

  it('the place page of 永寿县 names 九三学社中央 (through 陕西省) and 江苏省人民政府, and links up the hierarchy', async () => {
    const page = await open('/place/610426');
    const parties = page.locator('section', { has: page.locator('#h-partyAssistance') });
    const jiusan = parties.locator('tr', { hasText: '九三学社中央' }).first();
    await expect.poll(() => jiusan.count(), { timeout: 20_000 }).toBe(1);
    expect(await jiusan.innerText()).toContain('陕西省');
    const eastWest = page.locator('section', { has: page.locator('#h-eastWestPairings') });
    expect(await eastWest.getByText('江苏省人民政府').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: /永寿县/ }).count()).toBe(1);
    expect(await page.locator('text=摘帽年份').first().innerText()).toContain('2018');
    // Up the hierarchy, by keyboard: the breadcrumb link to 咸阳市 opens its page.
    await page.locator('.crumbs a', { hasText: '咸阳市' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/place\/6104$/);
    await page.getByRole('heading', { name: /咸阳市/ }).waitFor();
    // The search finds a place by a former code: 黔西县 520522 → 黔西市 520581.
    await page.getByRole('searchbox').or(page.locator('input[name=place]')).fill('520522');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/place\/520581$/, { timeout: 20_000 });
    await page.getByRole('heading', { name: /黔西市/ }).waitFor();
    await page.close();
    clean();
  });

  it('the national coverage lists the 831 places that carry the 832 poverty counties, gaps first', async () => {
    const page = await open('/coverage');
    const count = page.getByTestId('coverage-count');
    await count.waitFor({ timeout: 30_000 });
    expect(await count.innerText()).toBe('831');
    expect(await page.locator('tbody tr').count()).toBe(831);
    const gaps = await page.locator('tbody tr td:last-child').allInnerTexts();
    expect(gaps.map(Number)).toEqual([...gaps.map(Number)].sort((a, b) => b - a));
    // One province: only its counties stay.
    await page.locator('select[name=province]').selectOption({ label: '陕西省' });
    const rows = await page.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set(['陕西省']));
    await page.close();
    clean();
  });

  it('the SASAC table sorts when a header is clicked', async () => {
    const page = await open('/sasac');
    await page.locator('tbody tr').first().waitFor({ timeout: 20_000 });
    const ranks = async () => (await page.locator('tbody tr td:first-child').allInnerTexts()).map(Number);
    const before = await ranks();
    expect(before.length).toBeGreaterThan(1);
    expect(before).toEqual([...before].sort((a, b) => a - b));
    await page.locator('th button[data-column=rank]').click();
    const after = await ranks();
    expect(after).toEqual([...before].sort((a, b) => b - a));
    expect(await page.locator('th[aria-sort=descending]').count()).toBe(1);
    await page.locator('th button[data-column=members]').click();
    const members = (await page.locator('tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
    expect(members).toEqual([...members].sort((a, b) => b - a));
    await page.close();
    clean();
  });

  it('the east-west page and the helper page show what the graph holds', async () => {
    const page = await open('/eastwest');
    await page.locator('tbody tr').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('tbody').innerText()).toContain('江苏省');
    await page.goto(`${origin}/helper/gov-32`);
    await page.getByRole('heading', { name: /江苏省人民政府/ }).waitFor({ timeout: 20_000 });
    expect(await page.locator('main').innerText()).toContain('陕西省');
    await page.close();
    clean();
  });

  it("the east-west flows: every measure by stage, province to province or city to prefecture, with the year's totals the graph gives", async () => {
    const year = 2018;
    const { data } = await hub.query(
      `query ($year: Int!) { regions(filter: { level: PROVINCE, zone: WEST }, first: 100) { edges { node {
        eastWestSummary(year: $year) { asHelped { pairings fiscalAidDisbursed workersPlaced producePurchases } } } } } }`,
      { year },
    );
    const summaries = data!.regions.edges.map(
      (e: { node: { eastWestSummary: { asHelped: Record<string, number | string> } } }) => e.node.eastWestSummary.asHelped,
    );
    const workers = summaries.reduce((sum: number, s: { workersPlaced: number }) => sum + s.workersPlaced, 0);
    const page = await open('/eastwest');
    const totals = page.locator('tfoot tr');
    await totals.waitFor({ timeout: 30_000 });
    const headers = await page.locator('thead th').allInnerTexts();
    expect(headers).toEqual(
      expect.arrayContaining(['财政援助·承诺', '财政援助·落实', '财政援助·拨付', '转移就业', '东部派出人才', '西部来东部人才', '消费扶贫']),
    );
    const column = async (name: string) =>
      (
        await totals
          .locator('td')
          .nth(headers.indexOf(name) - 2)
          .innerText()
      ).replace(/,/g, '');
    // The page's totals are the graph's: workers placed in every western province that year.
    expect(Number(await column('转移就业'))).toBe(workers);
    expect(workers).toBeGreaterThan(0);
    const provinceTotals = await totals.innerText();
    // The same pairings regrouped city → prefecture: more rows, the same totals.
    const provinceRows = await page.locator('tbody tr').count();
    await page.locator('select[name=level]').selectOption('PREFECTURE');
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(provinceRows);
    expect(await totals.innerText()).toBe(provinceTotals);
    // The diagram's bands follow the chosen measure.
    await page.locator('select[name=measure]').selectOption('produce');
    await page.locator('[role=img]').waitFor();
    await page.close();
    clean();
  }, 120_000);

  it("the helper page of an SOE group gives its money by stage with the demo part, and the place page the county's own work", async () => {
    const { data } = await hub.query(`{ sasacRanking(year: 2019, first: 1) { entries { group { id name } total { disbursed } } } }`);
    const [top] = data!.sasacRanking.entries;
    const page = await open(`/helper/${encodeURIComponent(top.group.id)}`);
    const money = page.locator('section', { has: page.locator('#money-h') });
    await money.waitFor({ timeout: 30_000 });
    expect(await money.innerText()).toContain('万企帮万村');
    await page.goto(`${origin}/place/610426`);
    const local = page.locator('section', { has: page.locator('#h-local') });
    await local.waitFor({ timeout: 30_000 });
    const { data: county } = await hub.query(`{ region(code: "610426") { localCoverage(year: 2020) { poorVillages households } } }`);
    const cards = await local.locator('.card b').allInnerTexts();
    expect(cards.slice(0, 1).map((c) => Number(c.replace(/,/g, '')))).toEqual([county!.region.localCoverage.poorVillages]);
    expect(county!.region.localCoverage.poorVillages).toBeGreaterThan(0);
    expect(await local.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.close();
    clean();
  });

  it("GraphiQL at /graphql runs the README's first example and shows its data", async () => {
    const page = await open('/graphql');
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor();
    // The first tab is the README's first example; its answer comes from the hub's own /graphql.
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 }).toContain('610426');
    const answered = page.waitForResponse(
      (r) => r.url() === `${origin}/graphql` && r.request().method() === 'POST' && r.request().postData()!.includes('610426'),
    );
    await run.click();
    const body = (await (await answered).json()) as { data: { region: { name: string; partyAssistance: { helper: { name: string } }[] } } };
    expect(body.data.region.name).toBe('永寿县');
    expect(body.data.region.partyAssistance.map((a) => a.helper.name)).toContain('九三学社中央委员会');
    // … and shows in the response pane (Monaco draws the lines in view).
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('永寿县');
    expect(await response.innerText()).toMatch(/"exitYear":\s*2018/);
    await page.close();
    clean();
  });

  it('the east-west office signs in with a token, sees the unpaired places with scored suggestions, and accepts one; an anonymous visitor cannot', async () => {
    // A suggestion of the fixture whose eastern government is not registered yet, asked of the
    // graph: accepting it is refused first (the page shows the rule), then works once registered.
    const SUGGESTIONS = `query ($province: ID!, $year: Int!) { eastWestSuggestions(helpedProvince: $province, year: $year) {
      suggestions { id helperId helperRegistered helped { code name } helperRegion { code name } breakdown { factor points } } } }`;
    type Found = {
      id: string;
      helperId: string;
      helperRegistered: boolean;
      helped: { code: string; name: string };
      helperRegion: { code: string; name: string };
      breakdown: { factor: string; points: number }[];
    };
    const [province, year] = ['52', 2018];
    const { data: found } = await hub.query(SUGGESTIONS, { province, year });
    const suggestion = (found!.eastWestSuggestions.suggestions as Found[]).find((s) => !s.helperRegistered)!;
    expect(suggestion, 'a suggestion for 贵州 in 2018 with an unregistered government').toBeDefined();
    expect(suggestion.breakdown.length).toBeGreaterThan(0);
    const path = `/eastwest/office?province=${province}&year=${year}`;
    const row = (page: Page) => page.locator(`tr[data-suggestion="${suggestion.id}"]`);

    // Anonymous: the suggestions with their score parts, no accept button, a sentence saying to sign in.
    const anonymous = await open(path);
    await row(anonymous).waitFor({ timeout: 30_000 });
    expect(await row(anonymous).locator('li[data-factor]').count()).toBe(suggestion.breakdown.length);
    expect(await anonymous.getByRole('button', { name: '接受' }).count()).toBe(0);
    expect(await anonymous.getByTestId('sign-in-hint').innerText()).toContain('登录');
    await anonymous.close();

    // The office signs in through the header's control; the token stays in this tab's
    // sessionStorage and goes only to the hub's own /graphql.
    const token = await tokenFor(coordinator(province, { office: 'EAST_WEST', sub: 'test-east-west-office' }));
    const page = await open(path);
    const bearers: string[] = [];
    page.on('request', (request) => {
      if (request.headers().authorization) bearers.push(request.url());
    });
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('input[name=token]').fill(token);
    await page.locator('form.session button[type=submit]').click();
    expect(await page.getByTestId('signed-in-role').innerText()).toContain('COORDINATOR');
    expect(await page.evaluate(() => [sessionStorage.getItem('bangfu.token'), localStorage.getItem('bangfu.token')])).toEqual([token, null]);
    expect(await page.getByTestId('sign-in-hint').count()).toBe(0);

    const mine = row(page);
    await mine.locator('button').waitFor({ timeout: 30_000 });
    expect(await mine.locator('li[data-factor]').count()).toBe(suggestion.breakdown.length);
    for (const part of suggestion.breakdown) expect(await mine.locator(`li[data-factor="${part.factor}"]`).innerText()).toContain(String(part.points));

    // Refused while the government is not an organisation: the message and its rule, no stack.
    await mine.getByRole('button', { name: '接受' }).click();
    const refusal = await page.getByTestId('refusal').innerText({ timeout: 30_000 });
    expect(refusal).toContain('helper-registered');
    expect(refusal).not.toMatch(/\bat .+:\d+:\d+/);

    const CREATE = 'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }';
    const input = {
      id: suggestion.helperId,
      name: `${suggestion.helperRegion.name}人民政府`,
      kind: 'LOCAL_GOVERNMENT',
      homeRegionCode: suggestion.helperRegion.code,
    };
    const created = await hub.query(CREATE, { input }, ADMIN);
    expect(created.errors).toBeUndefined();

    await mine.getByRole('button', { name: '接受' }).click();
    // Either outcome, so that a refusal fails here with its message.
    const outcome = page.getByTestId('accepted').or(page.getByTestId('refusal'));
    expect(await outcome.innerText({ timeout: 30_000 })).toContain(suggestion.helped.name);
    expect(await page.getByTestId('accepted').count()).toBe(1);
    // The list is read again: the place is paired now, so its suggestion is gone.
    await expect.poll(() => mine.count(), { timeout: 30_000 }).toBe(0);
    expect(bearers.length).toBeGreaterThan(0);
    expect(new Set(bearers)).toEqual(new Set([`${origin}/graphql`]));

    const { data } = await hub.query(`{ region(code: "${suggestion.helped.code}") { eastWestPairings(year: ${year}) { helper { id } } } }`);
    expect(data!.region.eastWestPairings.map((p: { helper: { id: string } }) => p.helper.id)).toContain(suggestion.helperId);

    // Signing out drops the token: the sentence is back and the buttons are gone.
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByTestId('sign-in-hint').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('bangfu.token'))).toBeNull();
    expect(await page.getByRole('button', { name: '接受' }).count()).toBe(0);
    await page.close();
    clean();
  }, 180_000);

  it('the import page: a kind from the hub, its template, a dry run showing the refused row with column and rule, a commit of the valid rows, read back from the graph', async () => {
    // The hub lists what it imports; the page's select shows that list.
    const listed = (await (await fetch(`${origin}/import/kinds`)).json()) as { kinds: { name: string; subgraph: string; columns: { name: string }[] }[] };
    const fiscal = listed.kinds.find((k) => k.name === 'eastwest-fiscal-aid')!;
    expect(fiscal).toMatchObject({ subgraph: 'eastwest' });
    expect(fiscal.columns.map((c) => c.name)).toEqual(['pairing', 'year', 'stage', 'amount', 'purpose']);
    expect(listed.kinds.map((k) => k.name)).toEqual(expect.arrayContaining(['enterprise-contributions', 'registry-organizations', 'eastwest-pairings']));

    // Anonymous: the kinds and their templates, a sentence saying to sign in, no file control.
    const anonymous = await open('/import');
    await anonymous.getByTestId('sign-in-hint').waitFor({ timeout: 30_000 });
    expect(await anonymous.getByTestId('sign-in-hint').innerText()).toContain('登录');
    expect(await anonymous.locator('select[name=kind] option').count()).toBe(listed.kinds.length);
    expect(await anonymous.locator('input[type=file]').count()).toBe(0);
    await anonymous.locator('select[name=kind]').selectOption('eastwest-fiscal-aid');
    const template = await anonymous.getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect(template).toBe('/import/eastwest-fiscal-aid/template.csv');
    expect(await (await fetch(origin + template)).text()).toContain('pairing,year,stage,amount,purpose');
    await anonymous.close();

    const [{ id: pairing }] = rowsOf<{ id: string }>(
      await test.database.db.execute(
        sql`select id from eastwest.pairings where since <= '2018-01-01' and (until is null or until >= '2018-12-31') and voided_at is null order by id limit 1`,
      ),
    );
    const csv = [
      'pairing,year,stage,amount,purpose',
      `${pairing},2018,PLEDGED,1234.50,页面导入测试 甲`,
      `${pairing},2018,DISBURSED,a lot,页面导入测试 乙`,
      `${pairing},2018,COMMITTED,99.00,页面导入测试 丙`,
    ].join('\n');

    // An administrator signs in through the header; the token goes only to the hub's own endpoints.
    const page = await open('/import?kind=eastwest-fiscal-aid');
    const bearers: string[] = [];
    page.on('request', (request) => {
      if (request.headers().authorization) bearers.push(new URL(request.url()).pathname);
    });
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('input[name=token]').fill(await tokenFor(ADMIN));
    await page.locator('form.session button[type=submit]').click();
    expect(await page.locator('select[name=kind]').inputValue()).toBe('eastwest-fiscal-aid');
    await page.getByLabel(/文件/).setInputFiles({ name: 'aid.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // By keyboard: the dry run's button.
    await page.getByRole('button', { name: '试运行' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('dry-run-done').waitFor({ timeout: 30_000 });
    const count = async (s: string) => Number((await page.getByTestId(`count-${s}`).innerText()).replace(/,/g, ''));
    expect([await count('rows'), await count('created'), await count('refused')]).toEqual([3, 2, 1]);
    // The refused rows show first: row 3 (the header is row 1), its column and rule.
    const refused = page.locator('tr[data-row="3"]');
    expect(await refused.getAttribute('data-status')).toBe('refused');
    const cells = await refused.locator('td').allInnerTexts();
    expect(cells.slice(0, 4)).toEqual(['3', '拒绝', 'amount', 'money']);
    expect(cells[4].length).toBeGreaterThan(0);
    await page.locator('select[name=status]').selectOption('');
    expect(
      await page.locator('tbody tr[data-row]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-row'), r.getAttribute('data-status')])),
    ).toEqual([
      ['2', 'created'],
      ['3', 'refused'],
      ['4', 'created'],
    ]);
    const before = await hub.query(`{ eastWestPairing(id: "${pairing}") { fiscalAid(year: 2018) { purpose } } }`);
    expect(before.data!.eastWestPairing.fiscalAid.map((a: { purpose: string }) => a.purpose)).not.toContain('页面导入测试 甲');

    // Commit the valid rows.
    await page.getByLabel('仅有效行').check();
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByTestId('commit-done').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('commit-done').innerText()).toContain('已写入');
    expect([await count('created'), await count('refused')]).toEqual([2, 1]);
    const { data } = await hub.query(`{ eastWestPairing(id: "${pairing}") { fiscalAid(year: 2018) { stage amount purpose } } }`);
    const mine = (data!.eastWestPairing.fiscalAid as { stage: string; amount: string; purpose: string }[]).filter((a) => a.purpose.startsWith('页面导入测试'));
    expect(mine).toHaveLength(2);
    expect(mine).toEqual(
      expect.arrayContaining([
        { stage: 'PLEDGED', amount: '1234.50', purpose: '页面导入测试 甲' },
        { stage: 'COMMITTED', amount: '99.00', purpose: '页面导入测试 丙' },
      ]),
    );

    // A file over what a GraphQL operation carries goes to POST /import/<kind>: a dry run of 3,000 rows.
    const big = [
      'pairing,year,stage,amount,purpose',
      ...Array.from({ length: 3000 }, (_, i) => `${pairing},2019,PLEDGED,${i + 1}.00,页面导入测试的大文件 第${i}行`),
    ].join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(150 * 1024);
    await page.getByLabel(/文件/).setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
    await page.getByRole('button', { name: '试运行' }).click();
    await page.getByTestId('dry-run-done').waitFor({ timeout: 60_000 });
    expect([await count('rows'), await count('created'), await count('refused')]).toEqual([3000, 3000, 0]);
    expect(await page.locator('tbody tr[data-row]').count()).toBe(100);
    await page.getByRole('button', { name: '下一页' }).click();
    expect(await page.locator('tbody tr[data-row]').first().getAttribute('data-row')).toBe('102');

    expect(new Set(bearers)).toEqual(new Set(['/graphql', '/import/eastwest-fiscal-aid']));
    // At phone width the page fits: the tables scroll inside their frame.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
    clean();
  }, 180_000);
});
