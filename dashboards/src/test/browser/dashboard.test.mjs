// Browser tests of the dashboard against a live system (see fixture.mjs / BrowserFixture.java).
// Run: npm ci && npm test (after mvn -pl dashboards verify). Screenshots: dashboards/target/browser-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startFixture, launchBrowser, artifacts } from './fixture.mjs';

const MARKUP_CHANNEL = `<img src=x onerror="window.__xss='channel'">`;
const MARKUP_ALERT = `<script>window.__xss='alert'</script><img src=x onerror="window.__xss='alert-img'">`;
let fixture;
let browser;
let page;
const errors = [];

before(async () => {
  fixture = await startFixture();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
}, { timeout: 180_000 });

after(async () => {
  if (browser) await browser.close();
  if (fixture) await fixture.stop();
});

const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
const chartNumber = (attr) => page.$eval('#chart', (c, a) => Number(c.dataset[a] || 0), attr);
const row = (id) => page.locator(`#device-table tr[data-device="${id}"]`);

test('the page loads with the broker up and times in UTC', async () => {
  await page.goto(fixture.url);
  assert.equal(await page.title(), 'HiSS Forecast · dashboard');
  await page.waitForFunction(() => document.getElementById('broker').textContent.startsWith('Kafka: up'),
    null, { timeout: 30_000 });
  assert.match(await page.textContent('#clock'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
  assert.equal(await page.isHidden('#banner'), true);
});

test('replayed devices appear in the device list and search filters them', async () => {
  await row('ecg-1').waitFor({ timeout: 30_000 });
  await row('ecg-0').waitFor();
  assert.equal(await row('ecg-0').locator('td').nth(1).textContent(), 'live');
  assert.match(await row('ecg-0').locator('td').nth(2).textContent(), / UTC$/);
  await page.fill('#search', 'ecg-2');
  assert.equal(await row('ecg-2').isVisible(), true);
  assert.equal(await row('ecg-0').isVisible(), false);
  await page.fill('#search', '');
  assert.equal(await row('ecg-0').isVisible(), true);
});

test('a device is selected with the keyboard and its chart updates with new points', async () => {
  await row('ecg-0').locator('button').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(document.getElementById('chart').dataset.points) > 50,
    null, { timeout: 20_000 });
  assert.equal(await page.textContent('#device-title'), 'Device ecg-0');
  const t1 = await chartNumber('lastT');
  await page.waitForFunction((t) => Number(document.getElementById('chart').dataset.lastT) > t + 0.5,
    t1, { timeout: 15_000 });
  assert.ok(await chartNumber('forecastPoints') > 50, 'forecast line has points');
  assert.ok(await page.locator('#chart canvas').count() >= 1, 'uPlot drew a canvas');
  assert.match(await page.textContent('#chart'), /ground truth/);
});

test('an injected alert shows a marker on the chart; its markup message renders as text', async () => {
  await fixture.command(`alert ecg-0 threshold ${MARKUP_ALERT}`);
  const marker = page.locator('#chart .alert-marker:not([hidden])');
  await marker.first().waitFor({ timeout: 15_000 });
  assert.match(await marker.first().getAttribute('aria-label'), /^Alert threshold at .* UTC: <script>/);
  const text = await page.textContent('#alert-list .alert-message');
  assert.equal(text, MARKUP_ALERT);
  await page.waitForFunction(() => document.querySelector('#device-table tr[data-device="ecg-0"] td:last-child')
    .textContent === '1', null, { timeout: 10_000 });
  assert.equal(await page.locator('#alert-list script, #alert-list img').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => localStorage.removeItem('hiss.theme'));
  await shot('device-live-light');
});

test('a channel name that is markup renders as text (XSS through the channel name)', async () => {
  await row('probe-1').waitFor({ timeout: 15_000 });
  await page.fill('#search', '<img');
  assert.equal(await row('probe-1').isVisible(), true, 'search by channel name finds the device');
  assert.equal(await row('ecg-0').isVisible(), false);
  await row('probe-1').locator('button').click();
  await page.waitForFunction(() => document.querySelector('#channel option') !== null, null, { timeout: 15_000 });
  assert.equal(await page.textContent('#channel option'), MARKUP_CHANNEL);
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await page.fill('#search', '');
});

test('dark theme toggle, fleet and models views', async () => {
  await row('ecg-0').locator('button').click();
  await page.waitForFunction(() => Number(document.getElementById('chart').dataset.points) > 50);
  if ((await page.getAttribute('html', 'data-theme')) !== 'dark') await page.click('#theme');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.locator('#chart .alert-marker:not([hidden])').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await shot('device-live-dark');
  await page.click('.tab[data-view="fleet"]');
  await page.waitForFunction(() => document.querySelectorAll('#worst-table tbody tr').length >= 3,
    null, { timeout: 10_000 });
  assert.ok(await page.locator('#histogram canvas').count() >= 1);
  await shot('fleet-dark');
  await page.focus('.tab[data-view="fleet"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('.tab[data-view="models"]', 'aria-pressed'), 'true');
  await page.waitForFunction(() => document.querySelector('#model-table tbody').textContent
    .includes('linear-extrapolation-v2'), null, { timeout: 10_000 });
  await page.locator('#training-curve canvas').first().waitFor({ timeout: 10_000 });
  await shot('models-dark');
  await page.click('.tab[data-view="devices"]');
});

/** Pixels of the chart's canvas in the band's fill colour (the CSS variable --band, rgba). */
const bandPixels = () => page.evaluate(() => {
  const css = getComputedStyle(document.documentElement).getPropertyValue('--band');
  const [r, g, b, a] = css.match(/[\d.]+/g).map(Number);
  const canvas = document.querySelector('#chart canvas');
  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (Math.abs(px[i] - r) <= 6 && Math.abs(px[i + 1] - g) <= 6 && Math.abs(px[i + 2] - b) <= 6 &&
      Math.abs(px[i + 3] - a * 255) <= 6) n++;
  }
  return n;
});

test('probabilistic chunk forecasts: a step across each span and the 90% interval band', async (t) => {
  await row('chunk-1').waitFor({ timeout: 15_000 });
  await row('chunk-1').locator('button').click();
  await page.waitForFunction(() => Number(document.getElementById('chart').dataset.bandPoints) > 10 &&
    Number(document.getElementById('chart').dataset.points) > 100, null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('#chart', 'data-band'), 'shown');
  assert.equal(await page.getAttribute('#chart', 'data-band-level'), '0.9');
  assert.equal(await chartNumber('forecastSpan'), 8);
  const legend = await page.textContent('#chart .u-legend');
  assert.match(legend, /90% interval \(upper\)/);
  assert.match(legend, /90% interval \(lower\)/);
  // the API: each forecast covers 8 samples (from its first to its last), inside its interval
  const f = await page.evaluate(async () => (await (await fetch('/api/devices/chunk-1')).json())
    .channels.ecg_mV.forecast);
  assert.ok(f.t.length > 10);
  for (let i = 0; i < f.t.length; i++) {
    assert.equal(f.span[i], 8);
    assert.ok(f.from[i] < f.t[i], `forecast ${i} starts before it ends`);
    assert.ok(f.lower[i] < f.v[i] && f.v[i] < f.upper[i], `forecast ${i} inside its interval`);
  }
  // scored against the mean of its 8 samples: the device has an error
  await page.waitForFunction(() => /\d/.test(document.querySelector(
    '#device-table tr[data-device="chunk-1"] td:nth-child(4)').textContent), null, { timeout: 10_000 });
  // each forecast is a step of two points on the chart (once the stream caught up with the API)
  await page.waitForFunction((n) => Number(document.getElementById('chart').dataset.forecastPoints) >= 2 * n,
    f.t.length, { timeout: 10_000 });
  await page.waitForTimeout(300);
  const withBand = await bandPixels();
  assert.ok(withBand > 2000, `band pixels: ${withBand}`);
  await shot('device-band');
  // a device whose forecasts carry no interval draws no band
  await row('ecg-0').locator('button').click();
  await page.waitForFunction(() => document.getElementById('device-title').textContent === 'Device ecg-0' &&
    Number(document.getElementById('chart').dataset.forecastPoints) > 50, null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('#chart', 'data-band'), 'hidden');
  assert.equal(await page.getAttribute('#chart', 'data-band-level'), '');
  assert.equal(await chartNumber('forecastSpan'), 1);
  assert.doesNotMatch(await page.textContent('#chart .u-legend'), /interval/);
  await page.waitForTimeout(300);
  const without = await bandPixels();
  t.diagnostic(`band-coloured pixels: ${withBand} with the band, ${without} without`);
  assert.ok(without < withBand / 20, `band-coloured pixels without a band: ${without} (with: ${withBand})`);
});

/** The chart legend's live values (the series at the cursor), by series label. */
const legendValues = () => page.$$eval('#chart .u-legend .u-series', (rows) => Object.fromEntries(
  rows.map((r) => [r.querySelector('.u-label').textContent.trim(), r.querySelector('.u-value').textContent])));

test('quantile chunk forecasts: an asymmetric 80% band from the 0.1 and 0.9 quantiles', async (t) => {
  await row('quant-1').waitFor({ timeout: 15_000 });
  await row('quant-1').locator('button').click();
  await page.waitForFunction(() => document.getElementById('device-title').textContent === 'Device quant-1' &&
    Number(document.getElementById('chart').dataset.bandPoints) > 10 &&
    Number(document.getElementById('chart').dataset.points) > 100, null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('#chart', 'data-band'), 'shown');
  assert.equal(await page.getAttribute('#chart', 'data-band-level'), '0.8');
  assert.equal(await chartNumber('forecastSpan'), 8);
  const legend = await page.textContent('#chart .u-legend');
  assert.match(legend, /80% interval \(upper\)/);
  assert.match(legend, /80% interval \(lower\)/);
  assert.doesNotMatch(legend, /90%/);
  // the API: the 0.1 and 0.9 quantiles as sent, the upper one 4 times as far from the forecast
  const f = await page.evaluate(async () => (await (await fetch('/api/devices/quant-1')).json())
    .channels.ecg_mV.forecast);
  assert.ok(f.t.length > 10);
  for (let i = 0; i < f.t.length; i++) {
    assert.equal(f.level[i], 0.8);
    assert.ok(f.lower[i] < f.v[i] && f.v[i] < f.upper[i], `forecast ${i} inside its band`);
    const skew = (f.upper[i] - f.v[i]) / (f.v[i] - f.lower[i]);
    assert.ok(Math.abs(skew - 4) < 1e-9, `forecast ${i}: upper/lower distance ${skew}`);
  }
  // the chart holds those bounds: where the cursor is on a forecast, the legend shows them skewed
  // alike (legend values are rounded, so the ratio is near 4, never near 1 as a symmetric band)
  const box = await page.locator('#chart .u-over').boundingBox();
  const ratios = [];
  for (let k = 1; k < 160 && ratios.length < 5; k++) {
    await page.mouse.move(box.x + (box.width * k) / 160, box.y + box.height / 2);
    const v = await legendValues();
    const [fc, up, lo] = ['forecast', '80% interval (upper)', '80% interval (lower)']
      .map((label) => Number(v[label]));
    if ([fc, up, lo].every(Number.isFinite) && fc - lo > 0.02) ratios.push((up - fc) / (fc - lo));
  }
  await page.mouse.move(0, 0);
  t.diagnostic(`legend upper/lower distance ratios: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  assert.ok(ratios.length >= 1, 'the cursor found a forecast point');
  for (const r of ratios) assert.ok(r > 3 && r < 5, `legend upper/lower distance ratio ${r}`);
  await page.waitForTimeout(300);
  const pixels = await bandPixels();
  assert.ok(pixels > 2000, `band pixels: ${pixels}`);
  await shot('device-quantile-band');
});

const modelRow = (k) => page.locator(`#registry-table tr[data-model="${k}"]`);
const streamRow = (v) => page.locator(`#model-table tr[data-version="${v}"]`);

test('the models view lists registry versions, marks production and draws the training curve', async () => {
  await page.click('.tab[data-view="models"]');
  await modelRow('ecg-linear/2').waitFor({ timeout: 10_000 });
  assert.equal(await modelRow('ecg-linear/1').getAttribute('data-stage'), 'PRODUCTION');
  assert.match(await modelRow('ecg-linear/1').locator('td').nth(1).textContent(), /production/);
  assert.equal(await modelRow('ecg-linear/2').getAttribute('data-stage'), 'CANDIDATE');
  assert.doesNotMatch(await modelRow('ecg-linear/2').locator('td').nth(1).textContent(), /production/);
  assert.match(await modelRow('ecg-linear/1').textContent(), /validationMse 0\.4500/);
  // the live version: predictions of devices 0 and 1 carry v1's checksum prefix
  await page.waitForFunction(() => /\d+ predictions/.test(document.querySelector(
    '#registry-table tr[data-model="ecg-linear/1"] td.live').textContent), null, { timeout: 10_000 });
  assert.equal(await modelRow('ecg-linear/2').locator('td.live').textContent(), '—');
  assert.equal(await streamRow(fixture.liveVersion).locator('td').nth(1).textContent(), 'ecg-linear v1 (production)');
  assert.equal(await streamRow('linear-extrapolation-v2').locator('td').nth(1).textContent(), 'not registered');
  // the production version is selected: its curves (train + validation loss), best epoch 3 of 5
  const curve = page.locator('#training-curve');
  assert.equal(await curve.getAttribute('data-model'), 'ecg-linear/1');
  assert.equal(await curve.getAttribute('data-curves'), '2');
  assert.equal(await curve.getAttribute('data-epochs'), '5');
  assert.equal(await curve.getAttribute('data-best-epoch'), '3');
  assert.ok(await page.locator('#training-curve canvas').count() >= 1, 'uPlot drew the curve');
  assert.match(await page.textContent('#training-curve'), /validationLoss/);
  // markup stored in the provenance is shown as text
  assert.match(await page.textContent('#model-provenance'), /<img src=x onerror=/);
  assert.equal(await page.locator('#view-models img, #view-models script').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await shot('models-registry');
  // another version's curve, chosen with the keyboard
  await modelRow('ecg-linear/2').locator('button').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('training-curve').dataset.model === 'ecg-linear/2');
  assert.equal(await curve.getAttribute('data-epochs'), '3');
  assert.equal(await curve.getAttribute('data-best-epoch'), '3');
  assert.match(await page.textContent('#model-detail-title'), /ecg-linear v2$/);
});

test('a promotion in the registry shows within seconds', async () => {
  await fixture.command('promote ecg-linear 2');
  await page.waitForFunction(() => document.querySelector('#registry-table tr[data-model="ecg-linear/2"]')
    .dataset.stage === 'PRODUCTION', null, { timeout: 20_000 });
  assert.equal(await modelRow('ecg-linear/1').getAttribute('data-stage'), 'ARCHIVED');
  assert.match(await page.textContent('#model-detail-title'), /ecg-linear v2 \(production\)$/);
  await page.waitForFunction((v) => document.querySelector(`#model-table tr[data-version="${v}"] td:nth-child(2)`)
    .textContent === 'ecg-linear v1 (archived)', fixture.liveVersion, { timeout: 10_000 });
  await page.click('.tab[data-view="devices"]');
});

test('the page shows the broker down and recovers when it returns', async () => {
  await fixture.command('pause');
  try {
    await page.waitForFunction(() => document.getElementById('broker').textContent.startsWith('Kafka: DOWN'),
      null, { timeout: 30_000 });
    assert.equal(await page.isVisible('#banner'), true);
    assert.match(await page.textContent('#banner'), /unreachable since .* UTC/);
    await shot('broker-down');
  } finally {
    await fixture.command('resume');
  }
  await page.waitForFunction(() => document.getElementById('broker').textContent.startsWith('Kafka: up'),
    null, { timeout: 30_000 });
  assert.equal(await page.isHidden('#banner'), true);
  const t1 = await chartNumber('lastT');
  await page.waitForFunction((t) => Number(document.getElementById('chart').dataset.lastT) > t,
    t1, { timeout: 30_000 });
});

test('a device that fell silent turns stale without any new data about it', async () => {
  await row('once-1').waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('#device-table tr[data-device="once-1"] td:nth-child(2)')
    .textContent === 'stale', null, { timeout: 30_000 });
  assert.equal(await row('ecg-0').locator('td').nth(1).textContent(), 'live');
});

test('the page shows the server unreachable and recovers when it comes back', async () => {
  await row('ecg-0').locator('button').click();
  await page.waitForFunction(() => Number(document.getElementById('chart').dataset.points) > 50,
    null, { timeout: 20_000 });
  await fixture.command('server-stop');
  try {
    await page.waitForFunction(() => document.getElementById('conn').textContent.startsWith('server: unreachable'),
      null, { timeout: 20_000 });
    assert.equal(await page.isVisible('#banner'), true);
    assert.match(await page.textContent('#banner'), /dashboard server cannot be reached/);
    assert.ok(await chartNumber('points') > 50, 'the data already shown stays');
    assert.equal(await page.textContent('#broker'), 'Kafka: unknown');
    await shot('server-down');
  } finally {
    await fixture.command('server-start');
  }
  await page.waitForFunction(() => document.getElementById('conn').textContent === 'server: connected',
    null, { timeout: 30_000 });
  await page.waitForFunction(() => document.getElementById('broker').textContent.startsWith('Kafka: up'),
    null, { timeout: 30_000 });
  assert.equal(await page.isHidden('#banner'), true);
  const t1 = await chartNumber('lastT');
  await page.waitForFunction((t) => Number(document.getElementById('chart').dataset.lastT) > t,
    t1, { timeout: 30_000 });
});

test('no script errors on the page', () => {
  assert.deepEqual(errors, []);
});
