// The page `parley runs DIR --html index.html` writes, in Debian's headless chromium: one row per run, links that
// land on files, sorting by a column, filtering by text and kind, no script error, no CSP violation and no request
// to any host. Usage: node check_runs_index.js PARLEY_BINARY EXAMPLES_DIR WORK_DIR
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const [parley, examplesDir, workDir] = process.argv.slice(2);
const chromiumPath = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';

function run(args) {
    execFileSync(parley, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main() {
    const runs = path.join(workDir, 'week');
    const problems = ['task-queue', 'rate-limiter', 'report-generation'];
    for (const name of problems) {
        run(['debate', '-q', '--offline', '--html', '-p', path.join(examplesDir, name, 'problem.md'), '-o', path.join(runs, name)]);
    }
    const index = path.join(runs, 'index.html');
    run(['runs', runs, '-q', '--html', index]);

    const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-quic'],
    });
    let failures = 0;
    try {
        const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        const url = 'file://' + path.resolve(index);
        const requests = [];
        const errors = [];
        page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
        await page.goto(url, { waitUntil: 'load' });

        const rows = page.locator('#runs tbody tr');
        const visible = page.locator('#runs tbody tr:not([hidden])');
        assert.equal(await rows.count(), problems.length, 'one row per debate');
        assert.equal(await page.locator('#shown').textContent(), `${problems.length} of ${problems.length} runs shown`,
            'the script ran and counted the rows');

        for (const href of await page.locator('#runs a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
            assert.ok(fs.existsSync(path.join(runs, decodeURIComponent(href))), `link ${href} lands on a file`);
        }

        const problemColumn = async () => page.locator('#runs tbody tr:not([hidden]) td:nth-child(3)').allTextContents();
        await page.locator('#runs th button', { hasText: 'Problem' }).click();
        const ascending = await problemColumn();
        assert.deepEqual(ascending, [...ascending].sort((a, b) => a.localeCompare(b)), 'sorted A to Z');
        assert.equal(await page.locator('#runs th', { hasText: 'Problem' }).getAttribute('aria-sort'), 'ascending');
        await page.locator('#runs th button', { hasText: 'Problem' }).click();
        assert.deepEqual(await problemColumn(), [...ascending].reverse(), 'a second click reverses');

        await page.locator('#runs th button', { hasText: 'Tokens' }).click();
        const tokens = await page.locator('#runs tbody tr td:nth-child(9)').evaluateAll((tds) =>
            tds.map((td) => Number(td.getAttribute('data-sort'))));
        assert.deepEqual(tokens, [...tokens].sort((a, b) => a - b), 'numbers sort as numbers');

        // A word of one problem's title that some other row lacks: filtering by it must drop that row.
        const rowTexts = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent.toLowerCase()));
        const word = ascending.flatMap((p) => p.split(/\s+/)).map((w) => w.toLowerCase().replace(/[^a-z0-9-]/g, ''))
            .find((w) => w.length > 3 && rowTexts.some((t) => !t.includes(w)));
        assert.ok(word, 'a word that tells the problems apart');
        await page.locator('#filter').fill(word.toLowerCase());
        const kept = await problemColumn();
        assert.ok(kept.length >= 1 && kept.length < problems.length, `filtering by "${word}" keeps some rows`);
        assert.ok(kept.every((p) => p.toLowerCase().includes(word.toLowerCase())), 'only rows that match');
        await page.locator('#filter').fill('');
        await page.locator('#kind').selectOption('eval');
        assert.equal(await visible.count(), 0, 'no eval in this folder');
        await page.locator('#kind').selectOption('debate');
        assert.equal(await visible.count(), problems.length, 'every debate again');

        assert.deepEqual(requests, [], 'no request to any host');
        assert.deepEqual(errors, [], 'no script error or CSP violation');
        console.log('ok   runs index: rows, links, sorting, filtering, no request');
    } catch (error) {
        failures += 1;
        console.log(`FAIL runs index\n     ${String(error && error.stack || error).split('\n').slice(0, 4).join('\n     ')}`);
    } finally {
        await browser.close();
    }
    process.exit(failures === 0 ? 0 : 1);
}

main().catch((error) => {
    console.error(`browser: ${error && error.stack || error}`);
    process.exit(1);
});
