// Loads a dmacheck HTML report in Debian's headless Chromium and checks that
// it renders what the JSON report of the same findings says: every finding,
// its violating and ownership-transfer lines marked, a timeline for each path;
// no console errors, no page errors, no request leaving the page (it must
// open offline).  Takes a screenshot.  Prints "N passed, N failed".
// usage: node check_html.js REPORT.html REPORT.json SCREENSHOT.png
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [htmlFile, jsonFile, shot] = process.argv.slice(2);
const expected = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [], requests = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await page.goto('file://' + path.resolve(htmlFile), { waitUntil: 'load' });

  check('no console or page errors', errors.length === 0, errors.join('; '));
  check('no request leaves the page', requests.length === 0, requests.join(' '));
  const cards = await page.$$eval('section.finding', s => s.map(e => ({
    rule: e.dataset.rule,
    violation: [...e.querySelectorAll('pre.src span.violation')].map(x => Number(x.dataset.line)),
    transfer: [...e.querySelectorAll('pre.src span.transfer')].map(x => Number(x.dataset.line)),
    timeline: e.querySelectorAll('svg.timeline circle').length,
  })));
  check(`one card per finding (${expected.findings.length})`, cards.length === expected.findings.length,
        `${cards.length} cards`);
  expected.findings.forEach((f, i) => {
    const c = cards[i] || {};
    const where = `${f.file}:${f.line} [${f.rule}]`;
    check(`${where}: card for the rule`, c.rule === f.rule, c.rule);
    if (f.file && f.line)
      check(`${where}: violating line marked`, (c.violation || []).includes(f.line), JSON.stringify(c.violation));
    for (const r of f.related.filter(r => r.file === f.file && r.line && r.line !== f.line))
      check(`${where}: transfer line ${r.line} marked`, (c.transfer || []).includes(r.line), JSON.stringify(c.transfer));
    if (f.flow.length >= 2)
      check(`${where}: timeline with ${f.flow.length} steps`, c.timeline === f.flow.length, c.timeline);
  });
  await page.screenshot({ path: shot, fullPage: true });
  check('screenshot taken', fs.existsSync(shot) && fs.statSync(shot).size > 10000,
        fs.existsSync(shot) ? `${fs.statSync(shot).size} bytes` : 'missing');
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch(e => { console.log(`FAIL ${e}`); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
