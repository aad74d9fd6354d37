// Renders parley's HTML reports and a hostile answer corpus, loads them in Debian's headless chromium and checks
// the DOM after load: every section, folds that open and close, links that land below the sticky contents bar,
// charts that read right (confidence on 0-100, each score's evaluator named, the synthesis's tokens), wide
// tables that scroll in their column, no script error, no request to any host, hostile text inert; and the first
// screen of a debate run against the third-party echo server mock-llm (tests/mock-llm), which must say why there
// is no verdict. Usage: node check_reports.js PARLEY_BINARY REPORTS_DIR WORK_DIR
'use strict';

const assert = require('node:assert/strict');
const { execFile, execFileSync } = require('node:child_process');
const { promisify } = require('node:util');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { judgeEchoesDebate } = require('../mock-llm/check_echo_server');

const [parley, reportsDir, workDir] = process.argv.slice(2);
const sourceDir = path.resolve(reportsDir, '..');
const chromiumPath = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
const SECTIONS = ['contents', 'summary', 'charts', 'problem', 'participants', 'debate', 'synthesis', 'metrics'];

let failures = 0;
let passes = 0;

async function check(name, body) {
    try {
        await body();
        passes += 1;
        console.log(`ok   ${name}`);
    } catch (error) {
        failures += 1;
        console.log(`FAIL ${name}\n     ${String(error && error.stack || error).split('\n').slice(0, 4).join('\n     ')}`);
    }
}

// A loopback server the hostile corpus points at: any request it sees is a leak.
function startCanaryServer() {
    const seen = [];
    const server = http.createServer((req, res) => {
        seen.push(req.url);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('canary');
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, port: server.address().port })));
}

// Model answers that would run script, fetch from the canary, break out of their fold or reorder text if a
// report put them into the page as markup.
function hostileAnswers(port) {
    const base = `http://127.0.0.1:${port}`;
    return [
        `<script>window.__pwned = 1; fetch('${base}/script')</script>`,
        `<img src="${base}/img.png" onerror="window.__pwned = 2">`,
        `<svg onload="window.__pwned = 3"><image href="${base}/svg-image"/></svg>`,
        `<a href="javascript:window.__pwned = 4" id="js-link">click me</a> [md link](javascript:alert(1))`,
        `<iframe src="${base}/iframe"></iframe><object data="${base}/object"></object><embed src="${base}/embed">`,
        `<link rel="stylesheet" href="${base}/style.css"><style>@import url("${base}/import.css"); body{background:url(${base}/bg.png)}</style>`,
        `<meta http-equiv="refresh" content="0;url=${base}/refresh"><base href="${base}/">`,
        `<form action="${base}/form"><button formaction="${base}/button">send</button></form>`,
        `</div></details></section></main><h2 id="summary">fake section</h2><details open><summary>x`,
        `<scr<script>ipt>window.__pwned = 5</scr</script>ipt> <<img/src=x onerror=window.__pwned=6>> <!-- unclosed comment`,
        `]]><![CDATA[ <p onclick="window.__pwned = 7" style="position:fixed;inset:0">cover</p> &lt;already escaped&gt; &amp;`,
        `user\u202Egnp.exe and \u2066isolated\u2069 and right-to-left \u05e9\u05dc\u05d5\u05dd`,
        'x'.repeat(1024 * 1024),
        `<video poster="${base}/poster"><source src="${base}/video"></video><audio src="${base}/audio"></audio>`,
        `<img srcset="${base}/srcset 2x"> <input type="image" src="${base}/input"> <track src="${base}/track">`,
    ];
}

function hostileDebate(port) {
    const answers = hostileAnswers(port);
    const agents = ['agent-a', 'agent-b'];
    const meta = { tokensUsed: 10, latencyMs: 5, model: '<b>model</b>' };
    const contributions = [];
    answers.forEach((content, i) => {
        contributions.push({ agentId: agents[i % 2], agentRole: 'architect"><script>', type: 'proposal', content, metadata: meta });
    });
    contributions.push({ agentId: 'agent-a', agentRole: 'architect', type: 'critique', targetAgentId: 'agent-b', content: answers[0], metadata: meta });
    contributions.push({ agentId: 'agent-b', agentRole: 'kiss', type: 'refinement', content: answers[1], metadata: meta });
    return {
        id: 'deb-hostile"><script>alert(1)</script>',
        problem: answers.slice(0, 3).join('\n'),
        context: answers[5],
        status: 'completed',
        currentRound: 1,
        rounds: [{ roundNumber: 1, contributions, timestamp: '2025-01-01T12:00:01.000Z', summaries: {} }],
        finalSolution: {
            description: answers.join('\n\n'),
            implementation: answers[8],
            tradeoffs: answers.slice(0, 4),
            recommendations: [answers[9]],
            confidence: 50,
            synthesizedBy: 'judge"><img src=x onerror=alert(1)>',
            unfulfilledMajorRequirements: [answers[10]],
            openQuestions: [answers[11]],
        },
        createdAt: '2025-01-01T12:00:00.000Z',
        updatedAt: '2025-01-01T12:05:00.000Z',
    };
}

// An OpenAI-compatible evaluator on loopback whose every score quotes hostile text from the design, streamed or
// not as the request asks, so `parley eval -o FILE.html` renders an evaluator's hostile reasoning and quotes.
const HOSTILE_QUOTE = '<img src=x onerror="window.__pwned = 8"> <a href="javascript:window.__pwned = 9">quoted</a>';

function hostileEvaluatorAnswer() {
    const item = { score: 7, reasoning: '<script>window.__pwned = 10</script><b onclick="window.__pwned = 11">bold</b>', evidence: [HOSTILE_QUOTE] };
    const evaluation = { functional_completeness: item, non_functional: {} };
    for (const key of ['performance_scalability', 'security', 'maintainability_evolvability', 'regulatory_compliance', 'testability']) {
        evaluation.non_functional[key] = item;
    }
    return JSON.stringify({ evaluation, overall_summary: { overall_score: item, weaknesses: item.reasoning } });
}

function startFakeEvaluator() {
    const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => { body += chunk; });
        req.on('end', () => {
            const request = JSON.parse(body || '{}');
            const content = hostileEvaluatorAnswer();
            const usage = { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 };
            if (!request.stream) {
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', model: request.model, usage,
                    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
                return;
            }
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            const chunk = (o) => res.write(`data: ${JSON.stringify(o)}\n\n`);
            chunk({ id: 'c1', object: 'chat.completion.chunk', model: request.model, choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }] });
            chunk({ id: 'c1', object: 'chat.completion.chunk', model: request.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
            chunk({ id: 'c1', object: 'chat.completion.chunk', model: request.model, choices: [], usage });
            res.end('data: [DONE]\n\n');
        });
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port })));
}

// Asynchronous, so the evaluator served from this same process can answer while parley waits.
async function renderHostileEval(port) {
    const design = path.join(workDir, 'hostile-design.md');
    fs.writeFileSync(design, `# Design\n\nWorkers lease jobs. ${HOSTILE_QUOTE}\n`);
    const config = path.join(workDir, 'hostile-panel.json');
    fs.writeFileSync(config, JSON.stringify({ agents: [{ id: 'ev"><script>', name: '<i onmouseover="window.__pwned = 12">Evaluator</i>',
        model: 'fake-eval', provider: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1`, apiKeyEnv: 'PARLEY_BROWSER_EVAL_KEY',
        timeout: 20000, enabled: true }] }));
    const html = path.join(workDir, 'hostile-eval.html');
    await promisify(execFile)(parley, ['eval', '-c', config, design, '--journal', path.join(workDir, 'eval.sqlite'), '-q', '-o', html],
        { env: { ...process.env, PARLEY_BROWSER_EVAL_KEY: 'sk-browser-test-key-0000' } });
    return html;
}

async function checkEvalPage(page) {
    for (const id of ['verdict', 'scores', 'evaluators']) {
        assert.equal(await page.locator(`#${id}`).count(), 1, `section #${id}`);
    }
    assert.equal(await page.locator('script').count(), 0, 'no script element');
    assert.equal(await page.locator('#scores svg.chart').count(), 1, 'the score chart');
    assert.equal(await page.locator('#verdict .decision').isVisible(), true, 'the verdict on the first screen');
}

function render(jsonFile, htmlFile) {
    execFileSync(parley, ['report', jsonFile, '-o', htmlFile], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// Loads a report and records what the page did: requests, script errors, console errors, dialogs.
async function open(context, file) {
    const page = await context.newPage();
    const events = { requests: [], errors: [], console: [], dialogs: 0 };
    const url = 'file://' + path.resolve(file);
    page.on('request', (r) => { if (r.url() !== url) events.requests.push(r.url()); });
    page.on('pageerror', (e) => events.errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') events.console.push(m.text()); });
    page.on('dialog', (d) => { events.dialogs += 1; d.dismiss(); });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(150); // lets anything a hostile page might schedule fire
    return { page, events };
}

function assertQuiet(events) {
    assert.deepEqual(events.requests, [], 'no request to any host');
    assert.deepEqual(events.errors, [], 'no script error');
    assert.deepEqual(events.console, [], 'no console error or CSP violation');
    assert.equal(events.dialogs, 0, 'no dialog');
}

async function checkStructure(page, rounds) {
    for (const id of SECTIONS) {
        assert.equal(await page.locator(`#${id}`).count(), 1, `section #${id}`);
    }
    assert.equal(await page.locator('details.round').count(), rounds, 'one fold per round');
    assert.equal(await page.locator('svg.chart').count() >= 4, true, 'four charts');
    assert.equal(await page.locator('script').count(), 0, 'no script element');
    // Everything but the summary starts folded: the first screen is the decision.
    assert.equal(await page.locator('details.round[open], details.contribution[open]').count(), 0, 'rounds start folded');
    // A design review (`--design`) opens with its decision on the given design; any other debate with the summary's.
    const decision = (await page.locator('#design-review').count()) > 0 ? '#design-review .decision' : '#summary .decision';
    assert.equal(await page.locator(decision).isVisible(), true, 'decision on the first screen');
    const box = await page.locator(decision).boundingBox();
    assert.ok(box && box.y < page.viewportSize().height, 'decision within the first screen');
}

async function checkFolds(page) {
    const round = page.locator('details.round').first();
    const phase = round.locator('details.phase').first();
    assert.equal(await phase.isVisible(), false, 'phase hidden while its round is folded');
    await round.locator(':scope > summary').click();
    assert.equal(await round.evaluate((d) => d.open), true, 'round opens');
    assert.equal(await phase.isVisible(), true, 'phase shows once its round opens');
    const contribution = phase.locator('details.contribution').first();
    await phase.locator(':scope > summary').click();
    await contribution.locator(':scope > summary').click();
    assert.equal(await contribution.locator('.text').isVisible(), true, 'contribution text shows once opened');
    await round.locator(':scope > summary').click();
    assert.equal(await round.evaluate((d) => d.open), false, 'round closes');
    assert.equal(await phase.isVisible(), false, 'phase hidden again');
}

// A contents link and a critique's link land on their contribution, unfolding the folds around it.
async function checkLinks(page) {
    await page.locator('details.agent-links > summary').click();
    const link = page.locator('details.agent-links a').first();
    const target = (await link.getAttribute('href')).slice(1);
    await link.click();
    assert.equal(await page.evaluate(() => decodeURIComponent(location.hash.slice(1))), target);
    assert.equal(await page.locator(`[id="${target}"] > summary`).isVisible(), true, 'contents link target visible');
    const critique = page.locator('p.target a').first();
    if (await critique.count() > 0) {
        const criticised = (await critique.getAttribute('href')).slice(1);
        assert.equal(await page.locator(`[id="${criticised}"]`).count(), 1, 'critique link has a target');
        await page.locator(`[id="${criticised}"]`).evaluate((el) => el.closest('details.round').open = true);
    }
}

async function checkHostile(page, port) {
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no hostile script ran');
    for (const tag of ['img', 'iframe', 'object', 'embed', 'form', 'link', 'base', 'video', 'audio', 'input', 'image', 'track', 'source']) {
        assert.equal(await page.locator(tag).count(), 0, `no <${tag}> from model text`);
    }
    assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0, 'no refresh');
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, 'no javascript: link');
    const handlers = await page.evaluate(() => [...document.querySelectorAll('*')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on'))).length);
    assert.equal(handlers, 0, 'no event handler attribute');
    assert.equal(await page.locator('h2#summary').count(), 0, 'model text cannot add a section');
    assert.equal(await page.locator('#summary').count(), 1, 'one summary');
    // The hostile text is there, as text.
    const description = await page.locator('#synthesis .text').first().textContent();
    assert.ok(description.includes('<script>window.__pwned = 1;'), 'script tag shown as text');
    assert.ok(description.includes(`<img src="http://127.0.0.1:${port}/img.png"`), 'img tag shown as text');
    assert.ok(description.includes('user[U+202E]gnp.exe'), 'right-to-left override shown, not applied');
    // A 1 MB line wraps inside the page instead of widening it.
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `page does not scroll sideways (${widths[0]} > ${widths[1]})`);
}

// The contents bar sticks to the top: whatever a link jumps to must start below it, not under it.
async function assertBelowBar(page, selector) {
    const [top, barBottom] = await page.evaluate((sel) => [document.querySelector(sel).getBoundingClientRect().top,
        document.querySelector('nav#contents').getBoundingClientRect().bottom], selector);
    assert.ok(top >= barBottom, `${selector} starts at ${top}, under the contents bar (bottom ${barBottom})`);
}

async function checkJumps(page) {
    for (const target of ['synthesis', 'metrics', 'participants', 'round-1']) {
        await page.locator(`nav#contents a[href="#${target}"]`).click();
        await page.waitForTimeout(50);
        assert.notEqual(await page.evaluate(() => window.scrollY), 0, `the page scrolled to #${target}`);
        await assertBelowBar(page, `[id="${target}"] > :first-child`);
    }
    // The agents' index is open while its links are used; the contribution jumped to is not under it.
    await page.locator('details.agent-links > summary').click();
    const link = page.locator('details.agent-links a').last();
    const target = decodeURIComponent((await link.getAttribute('href')).slice(1));
    await link.click();
    await page.waitForTimeout(50);
    await assertBelowBar(page, `[id="${target}"] > summary`);
}

// Each bar of a chart on a fixed scale, as the browser lays it out: [bar width / track width, the value's text].
async function barRatios(page, chartTitle) {
    return page.evaluate((title) => {
        const chart = [...document.querySelectorAll('svg.chart')].find((svg) => svg.querySelector('title').textContent === title);
        return [...chart.querySelectorAll('g')].map((g) => {
            const bar = g.querySelector('rect.bar').getBoundingClientRect().width;
            const track = g.querySelector('rect.track').getBoundingClientRect().width;
            return [g.querySelector('title').textContent, bar / track];
        });
    }, chartTitle);
}

// Every dot of a score chart has its evaluator's whole name beside it, left of the dot, under its category.
async function checkScoreLabels(page, scope) {
    const rows = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} svg.chart g.score-row`)].map((g) => ({
        title: g.querySelector('title').textContent,
        label: g.querySelector('text.evaluator').textContent,
        labelRight: g.querySelector('text.evaluator').getBoundingClientRect().right,
        dotLeft: g.querySelector('circle').getBoundingClientRect().left,
    })), scope);
    assert.ok(rows.length > 0, `score rows in ${scope}`);
    for (const row of rows) {
        const evaluator = row.title.replace(/^.* · /, '').replace(/: [^:]*$/, '');
        assert.equal(row.label, evaluator, `the row of ${row.title} is labelled with its evaluator`);
        assert.ok(row.labelRight <= row.dotLeft, `the label of ${row.title} ends before its dot`);
    }
    const categories = await page.locator(`${scope} svg.chart text.score-category`).count();
    assert.ok(categories > 0 && categories <= rows.length, 'a heading per category');
}

// The synthesis is a call like any other: its tokens are in the chart and beside the synthesis.
async function checkSynthesisTokens(page) {
    const shown = await page.evaluate(() => {
        const chart = [...document.querySelectorAll('svg.chart')].find((svg) => svg.querySelector('title').textContent === 'Tokens per phase');
        const row = [...chart.querySelectorAll('g')].find((g) => g.querySelector('title').textContent === 'synthesis');
        return row ? [...row.querySelectorAll('text')].pop().textContent : 'no synthesis row';
    });
    const tokens = /^(\d+) tokens$/.exec(shown);
    assert.ok(tokens && Number(tokens[1]) > 0, `the synthesis's tokens in the chart: ${shown}`);
    const line = await page.locator('#synthesis .synthesis-call').textContent();
    assert.match(line, /^Synthesis call: .*\b[1-9]\d* tokens/, 'the synthesis call beside the synthesis');
}

async function main() {
    fs.mkdirSync(workDir, { recursive: true });
    const canary = await startCanaryServer();
    const hostileJson = path.join(workDir, 'hostile.json');
    const hostileHtml = path.join(workDir, 'hostile.html');
    fs.writeFileSync(hostileJson, JSON.stringify(hostileDebate(canary.port), null, 2));
    render(hostileJson, hostileHtml);

    const samples = fs.readdirSync(reportsDir).filter((f) => f.endsWith('.json')).sort();
    const evaluator = await startFakeEvaluator();
    const hostileEvalHtml = await renderHostileEval(evaluator.port);
    evaluator.server.close();
    assert.ok(samples.length > 0, `no sample reports in ${reportsDir}`);

    const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-quic'],
    });
    try {
        // Networking disabled, as the issue asks; a second, online pass proves the canary would see a leak.
        const offline = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
        const online = await browser.newContext({ viewport: { width: 1280, height: 900 } });

        await check('the canary server sees a request from markup that is not escaped', async () => {
            const raw = path.join(workDir, 'canary.html');
            fs.writeFileSync(raw, `<!DOCTYPE html><img src="http://127.0.0.1:${canary.port}/canary.png">`);
            const { page } = await open(online, raw);
            await page.waitForTimeout(200);
            assert.ok(canary.seen.includes('/canary.png'), 'the harness would notice a leak');
            canary.seen.length = 0;
            await page.close();
        });

        for (const name of samples) {
            const json = JSON.parse(fs.readFileSync(path.join(reportsDir, name), 'utf8'));
            const html = path.join(workDir, name.replace(/\.json$/, '.html'));
            render(path.join(reportsDir, name), html);
            await check(`${name}: every section present, charts drawn, folded below the summary`, async () => {
                const { page, events } = await open(offline, html);
                await checkStructure(page, json.rounds.length);
                assertQuiet(events);
                await page.close();
            });
            await check(`${name}: rounds, phases and contributions fold open and closed`, async () => {
                const { page, events } = await open(offline, html);
                await checkFolds(page);
                assertQuiet(events);
                await page.close();
            });
            await check(`${name}: contents and critique links land on their contribution`, async () => {
                const { page, events } = await open(offline, html);
                await checkLinks(page);
                assertQuiet(events);
                await page.close();
            });
            await check(`${name}: a heading jumped to starts below the sticky contents bar, wide or narrow`, async () => {
                for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
                    const { page, events } = await open(offline, html);
                    await page.setViewportSize(viewport);
                    await checkJumps(page);
                    assertQuiet(events);
                    await page.close();
                }
            });
            // A voted debate has no judge's synthesis call: its final solution is the winning design.
            const voted = Boolean(json.parley && json.parley.voting);
            await check(`${name}: the synthesis call's tokens are recorded and shown`, async () => {
                const { page, events } = await open(offline, html);
                if (!voted) {
                    await checkSynthesisTokens(page);
                }
                if (json.parley && json.parley.evaluation) {
                    await checkScoreLabels(page, '#charts');
                }
                assertQuiet(events);
                await page.close();
            });
        }

        await check('confidence bars are drawn on 0-100: each bar is its confidence\'s share of the track', async () => {
            const comparison = path.join(workDir, 'confidence.html');
            execFileSync(parley, ['report', ...samples.map((f) => path.join(reportsDir, f)), '-o', comparison],
                { stdio: ['ignore', 'ignore', 'inherit'] });
            const { page, events } = await open(offline, comparison);
            const ratios = await barRatios(page, 'Confidence');
            assert.equal(ratios.length, samples.length, 'a bar per debate');
            for (const [i, name] of samples.entries()) {
                const confidence = JSON.parse(fs.readFileSync(path.join(reportsDir, name), 'utf8')).finalSolution.confidence;
                // A debate with no confidence (a vote) draws no bar, never one for a made-up figure.
                const share = typeof confidence === 'number' ? confidence / 100 : 0;
                assert.ok(Math.abs(ratios[i][1] - share) < 0.01, `${ratios[i][0]}: ${ratios[i][1]} of the bar for ${confidence}/100`);
            }
            assertQuiet(events);
            await page.close();
        });

        await check('a wide table scrolls inside its column; the page does not scroll sideways', async () => {
            const wide = JSON.parse(fs.readFileSync(path.join(reportsDir, samples[0]), 'utf8'));
            wide.problem += `\n- Must serve the status page at https://status.example.com/${'segment/'.repeat(60)}health\n`;
            const json = path.join(workDir, 'wide.json');
            const html = path.join(workDir, 'wide.html');
            fs.writeFileSync(json, JSON.stringify(wide));
            render(json, html);
            for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
                const { page, events } = await open(offline, html);
                await page.setViewportSize(viewport);
                const [scrollWidth, clientWidth] = await page.locator('#summary .table-wrap:has(table.scorecard)')
                    .evaluate((wrap) => [wrap.scrollWidth, wrap.clientWidth]);
                assert.ok(scrollWidth > clientWidth, `the scorecard scrolls in its wrapper (${scrollWidth} > ${clientWidth})`);
                const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
                assert.ok(widths[0] <= widths[1], `the page does not scroll sideways (${widths[0]} > ${widths[1]}) at ${viewport.width} px`);
                assertQuiet(events);
                await page.close();
            }
        });

        await check('against the third-party echo server mock-llm: the first screen says why there is no verdict', async () => {
            const debate = await judgeEchoesDebate({ parley, sourceDir, workDir });
            assert.equal(debate.code, 1, `exit code (stderr: ${debate.stderr})`);
            for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
                const { page, events } = await open(offline, debate.html);
                await page.setViewportSize(viewport);
                const notice = page.locator('#summary #no-verdict');
                assert.equal(await notice.isVisible(), true, 'the notice is shown');
                assert.match(await notice.textContent(), /^No usable verdict from the judge: .*repeats the prompt/);
                const box = await notice.boundingBox();
                assert.equal(await page.evaluate(() => window.scrollY), 0, 'not scrolled');
                assert.ok(box.y + box.height <= viewport.height, `the notice ends within the first screen at ${viewport.width} px`);
                assert.match(await page.locator('#summary .decision').textContent(), /^No decision: the judge gave no usable verdict/);
                assert.match(await page.locator('#summary .confidence').textContent(), /^Confidence: none/);
                const statuses = await page.locator('#summary .scorecard tbody tr td:nth-child(3)').allTextContents();
                assert.ok(statuses.length > 0 && statuses.every((status) => status === 'unknown'), `every requirement unknown: ${statuses}`);
                assertQuiet(events);
                await page.close();
            }
        });

        await check('a brief report and a comparison load clean: their sections, no request, no error', async () => {
            const json = path.join(reportsDir, samples[0]);
            const brief = path.join(workDir, 'brief.html');
            execFileSync(parley, ['report', json, '--brief', '-o', brief], { stdio: ['ignore', 'ignore', 'inherit'] });
            let { page, events } = await open(offline, brief);
            assert.equal(await page.locator('#summary .decision').isVisible(), true, 'brief: the decision');
            assert.equal(await page.locator('details.round').count(), 0, 'brief: no rounds');
            assertQuiet(events);
            await page.close();
            const comparison = path.join(workDir, 'comparison.html');
            execFileSync(parley, ['report', ...samples.map((f) => path.join(reportsDir, f)), '-o', comparison],
                { stdio: ['ignore', 'ignore', 'inherit'] });
            ({ page, events } = await open(offline, comparison));
            assert.equal(await page.locator('#comparison tbody tr').count(), samples.length, 'one row per debate');
            assert.equal(await page.locator('svg.chart').count(), 3, 'three charts');
            assertQuiet(events);
            await page.close();
        });

        await check('the eval sample page loads clean: verdict, scores with their chart, evaluators', async () => {
            const evalPages = fs.readdirSync(reportsDir).filter((f) => f.endsWith('-eval.html'));
            assert.ok(evalPages.length > 0, `no eval page in ${reportsDir}`);
            for (const name of evalPages) {
                const { page, events } = await open(offline, path.join(reportsDir, name));
                await checkEvalPage(page);
                await checkScoreLabels(page, '#scores');
                assertQuiet(events);
                await page.close();
            }
        });

        for (const [label, context] of [['offline', offline], ['online', online]]) {
            await check(`eval page with hostile evaluator text (${label}): renders inert, no request`, async () => {
                const { page, events } = await open(context, hostileEvalHtml);
                assertQuiet(events);
                await checkEvalPage(page);
                await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
                await page.locator('#evaluators blockquote').first().click({ position: { x: 5, y: 5 } });
                await page.waitForTimeout(200);
                assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no hostile script ran');
                for (const tag of ['img', 'b[onclick]', 'i', 'a[href^="javascript:"]']) {
                    assert.equal(await page.locator(`#evaluators ${tag}`).count(), 0, `no ${tag} from evaluator text`);
                }
                const handlers = await page.evaluate(() => [...document.querySelectorAll('*')].filter((el) =>
                    [...el.attributes].some((a) => a.name.startsWith('on'))).length);
                assert.equal(handlers, 0, 'no event handler attribute');
                const quote = await page.locator('#evaluators blockquote').first().textContent();
                assert.ok(quote.includes('<img src=x onerror='), 'the quote shown as text');
                const reasoning = await page.locator('#evaluators .text').first().textContent();
                assert.ok(reasoning.includes('<script>window.__pwned = 10</script>'), 'the reasoning shown as text');
                assertQuiet(events);
                assert.deepEqual(canary.seen, [], 'the loopback server saw no request');
                await page.close();
            });
        }

        for (const [label, context] of [['offline', offline], ['online', online]]) {
            await check(`hostile corpus (${label}): renders inert, no request reaches the loopback server`, async () => {
                const { page, events } = await open(context, hostileHtml);
                assertQuiet(events);
                assert.deepEqual(canary.seen, [], 'the loopback server saw no request');
                await checkHostile(page, canary.port);
                await checkStructure(page, 1);
                await checkFolds(page);
                // Clicking every fold open exposes every piece of hostile text; still nothing runs or loads.
                await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
                await page.locator('#synthesis .text').first().click({ position: { x: 5, y: 5 } });
                await page.waitForTimeout(200);
                assert.equal(await page.evaluate(() => window.__pwned), undefined, 'still nothing ran');
                assertQuiet(events);
                assert.deepEqual(canary.seen, [], 'the loopback server saw no request');
                await page.close();
            });
        }

        await check('the report\'s Content-Security-Policy blocks a request even from markup put in by hand', async () => {
            const { page } = await open(online, hostileHtml);
            const probe = `http://127.0.0.1:${canary.port}/csp-probe.png`;
            const violated = await page.evaluate((url) => new Promise((resolve) => {
                document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
                const img = document.createElement('img');
                img.src = url;
                document.body.append(img);
                setTimeout(() => resolve('no violation'), 2000);
            }), probe);
            assert.equal(violated, 'img-src');
            assert.deepEqual(canary.seen, [], 'the loopback server saw no request');
            await page.close();
        });

        await check('printing unfolds every fold and hides the contents bar', async () => {
            const html = path.join(workDir, samples[0].replace(/\.json$/, '.html'));
            const { page, events } = await open(offline, html);
            await page.emulateMedia({ media: 'print' });
            assert.equal(await page.locator('#contents').isVisible(), false, 'contents bar hidden on paper');
            const text = page.locator('details.contribution .text').last();
            assert.equal(await text.isVisible(), true, 'the last contribution prints though its folds are closed');
            assert.equal(await page.locator('details[open]').count(), 0, 'no fold was opened to print');
            assertQuiet(events);
            await page.close();
        });

        await check('with scripts off the report reads the same: sections, folds and text', async () => {
            const noScript = await browser.newContext({ javaScriptEnabled: false, offline: true });
            const html = path.join(workDir, samples[0].replace(/\.json$/, '.html'));
            const { page, events } = await open(noScript, html);
            assert.equal(await page.locator('#summary .decision').isVisible(), true);
            const round = page.locator('details.round').first();
            await round.locator(':scope > summary').click();
            assert.equal(await round.locator('details.phase').first().isVisible(), true, 'folds work without scripts');
            assertQuiet(events);
            await noScript.close();
        });
    } finally {
        await browser.close();
        canary.server.close();
    }
    console.log(`browser: ${passes} passed, ${failures} failed`);
    process.exit(failures === 0 ? 0 : 1);
}

main().catch((error) => {
    console.error(`browser: ${error && error.stack || error}`);
    process.exit(1);
});
