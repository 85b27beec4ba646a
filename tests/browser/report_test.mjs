// `arl report` in a real browser: each sample's report is opened in
// Debian's headless Chromium with the network off; the test checks the key
// elements, follows a clause link both ways, opens a unit's explanation,
// sorts a table, and saves a screenshot per sample (build/browser-artifacts).
// A last test puts markup into unit names and checks it is shown, not run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import url from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '../..');
const arl = process.env.ARL_BINARY ?? path.join(root, 'build/compiler/driver/arl');
const artifacts = process.env.ARL_ARTIFACTS ?? path.join(root, 'build/browser-artifacts');
fs.mkdirSync(artifacts, { recursive: true });

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.ARL_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

function report(rules, data, out) {
  execFileSync(arl, ['report', rules, '--data', data, '-o', out], {
    cwd: root,
    env: { ...process.env, LANG: 'zh_CN.UTF-8' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

/// Opens `file` offline; every request that is not for the file itself and
/// every script error is collected.
async function open(file) {
  const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url.pathToFileURL(file).href);
  return { context, page, requests, errors };
}

const samples = fs.readdirSync(path.join(root, 'samples')).filter((name) =>
  fs.existsSync(path.join(root, 'samples', name, `${name}.arl`)));

for (const name of samples) {
  test(`report of ${name}`, async () => {
    const out = path.join(artifacts, `${name}.html`);
    report(`samples/${name}/${name}.arl`, `samples/${name}/data`, out);
    const { context, page, requests, errors } = await open(out);
    try {
      assert.notEqual((await page.locator('#title').textContent()).trim(), '');
      assert.ok(await page.locator('.source .line').count() > 10, 'the source document is shown');
      assert.ok(await page.locator('.rules .line').count() > 10, 'the rule file is shown');
      assert.ok(await page.locator('#assumptions tbody tr').count() > 0, 'the assumption register');

      // A rule's clause link leads to the clause, and the clause back to the rule.
      const cite = page.locator('a.cite').first();
      const target = await cite.getAttribute('href');
      await cite.click();
      assert.equal(await page.evaluate(() => location.hash), target);
      assert.ok(await page.locator(target).isVisible());
      await page.screenshot({ path: path.join(artifacts, `${name}-clause.png`) });
      const back = page.locator(`${target} a.back`).first();
      const rule = await back.getAttribute('href');
      await back.click();
      assert.equal(await page.evaluate(() => location.hash), rule);
      assert.match(rule, /^#r\d+$/);

      // A unit's row opens its explanation.
      const row = page.locator('tr.unit').first();
      const key = (await row.locator('td').first().textContent()).trim();
      await row.click();
      const panel = page.locator(`#explain-${await row.getAttribute('data-table')}`);
      assert.ok(await panel.isVisible());
      assert.ok((await panel.textContent()).includes(key), `the explanation names ${key}`);

      // A heading sorts its table: the first column of the first table, and
      // the last column of the last one.
      const first = page.locator('table.sortable').first();
      await first.locator('th').first().click();
      const keys = await first.locator('tbody tr td:first-child').allTextContents();
      assert.deepEqual(keys, [...keys].sort((a, b) => a.localeCompare(b, 'zh')));
      const last = page.locator('table.sortable').last();
      await last.locator('th').last().click();
      const values = await last.locator('tbody tr td:last-child').allTextContents();
      const numeric = values.every((v) => !isNaN(parseFloat(v)));
      const order = numeric ? (a, b) => parseFloat(a) - parseFloat(b) : (a, b) => a.localeCompare(b, 'zh');
      assert.deepEqual(values, [...values].sort(order));

      if (await page.locator('#charts .nochart').count() === 0) {
        assert.ok(await page.locator('#charts svg').count() > 0, 'a chart per group');
        assert.ok(await page.locator('#charts svg rect.tier').count() > 0, 'units per tier');
        await page.locator('#charts').screenshot({ path: path.join(artifacts, `${name}-charts.png`) });
      }
      await page.locator('#results').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
      assert.deepEqual(requests, [], 'nothing is fetched');
      assert.deepEqual(errors, [], 'no script error');
    } finally {
      await context.close();
    }
  });
}

test('names and values are escaped, never run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arl-report-'));
  try {
    fs.writeFileSync(path.join(dir, 'p.arl'), [
      '政策 转义 "<b>转义</b>"',
      '实体 单位 依据 "一" {',
      '  备注: 文本',
      '}',
      '输出 单位.说明: 文本 依据 "一" = 备注',
      '',
    ].join('\n'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', '单位.csv'), [
      '单位,备注',
      '<script>window.pwned=1</script>,"<img src=x onerror=""window.pwned=2"">"',
      '',
    ].join('\n'));
    const out = path.join(artifacts, 'escaping.html');
    report(path.join(dir, 'p.arl'), path.join(dir, 'data'), out);
    const { context, page, errors } = await open(out);
    try {
      const cells = await page.locator('tr.unit td').allTextContents();
      assert.deepEqual(cells, ['<script>window.pwned=1</script>', '<img src=x onerror="window.pwned=2">']);
      await page.locator('tr.unit').first().click();
      assert.equal(await page.evaluate(() => window.pwned), undefined);
      assert.equal(await page.locator('img').count(), 0);
      assert.equal((await page.locator('#title').textContent()).trim(), '<b>转义</b>');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
