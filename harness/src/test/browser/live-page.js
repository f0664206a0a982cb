'use strict';
// The browser half of LivePageIT: opens the live page in Debian's headless Chromium and reads it
// on request. One JSON instruction a line on stdin, one JSON answer a line on stdout:
//   {"op":"open","url":"http://..."}  -> {"ok":true}
//   {"op":"read"}                     -> {"ok":true,"metrics":{"<data-metric>":{"text":..,"value":..}},
//                                         "banner":{"visible":bool,"text":..}}
//   {"op":"quit"}                     -> {"ok":true}, then exits
// Any failure answers {"ok":false,"error":...}. Never downloads a browser: playwright-core only drives
// the one at CHROMIUM (default /usr/bin/chromium).
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hazina-live-page-'));
let context;
let page;

async function open(url) {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', error => errors.push(String(error)));
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  if (!response || !response.ok()) {
    throw new Error('GET ' + url + ' answered ' + (response ? response.status() : 'nothing'));
  }
  // The first scrape fills in the time of the last update.
  await page.waitForFunction(() => document.querySelector('[data-metric="last-updated"]').dataset.value !== '',
    null, { timeout: 20000 });
  if (errors.length > 0) {
    throw new Error('script errors on the page: ' + errors.join('; '));
  }
}

async function read() {
  return page.evaluate(() => {
    const metrics = {};
    document.querySelectorAll('[data-metric]').forEach(el => {
      metrics[el.dataset.metric] = { text: el.textContent.trim(), value: el.dataset.value };
    });
    const banner = document.getElementById('scrape-error');
    return { metrics, banner: { visible: !banner.hidden, text: banner.textContent.trim() } };
  });
}

async function quit() {
  if (context) {
    await context.close();
  }
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

const answer = reply => process.stdout.write(JSON.stringify(reply) + '\n');
const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', line => {
  queue = queue.then(async () => {
    const instruction = JSON.parse(line);
    try {
      if (instruction.op === 'open') {
        await open(instruction.url);
        answer({ ok: true });
      } else if (instruction.op === 'read') {
        answer({ ok: true, ...(await read()) });
      } else if (instruction.op === 'quit') {
        await quit();
        answer({ ok: true });
        process.exit(0);
      } else {
        answer({ ok: false, error: 'unknown op ' + instruction.op });
      }
    } catch (error) {
      answer({ ok: false, error: String(error && error.stack || error) });
    }
  });
});
lines.on('close', () => {
  queue.then(quit).then(() => process.exit(0));
});
