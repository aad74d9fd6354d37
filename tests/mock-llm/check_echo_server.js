// parley against a server nobody here wrote: the third-party echo server @dwmkerr/mock-llm on loopback. A debate
// and an eval must end with honest "unknown" outputs and the exit codes docs/answer-checks.md documents.
// Usage: node check_echo_server.js PARLEY_BINARY SOURCE_DIR WORK_DIR
'use strict';

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { startMockLlm } = require('./mock_llm_server');

const TEMPLATE_BLANK = '<the solution in two or three sentences>';

let failures = 0;
let passes = 0;

async function check(name, body) {
    const started = Date.now();
    try {
        await body();
        passes += 1;
        console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
        failures += 1;
        console.log(`FAIL ${name}\n     ${String(error && error.stack || error).split('\n').slice(0, 6).join('\n     ')}`);
    }
}

/// Runs parley; resolves to { code, stdout, stderr } whatever the exit code.
async function run(parley, args) {
    try {
        const { stdout, stderr } = await promisify(execFile)(parley, args, { timeout: 120000, maxBuffer: 16 << 20 });
        return { code: 0, stdout, stderr };
    } catch (error) {
        if (typeof error.code !== 'number') {
            throw error;
        }
        return { code: error.code, stdout: error.stdout, stderr: error.stderr };
    }
}

function participant(id, role, baseUrl) {
    return { id, name: id, role, model: 'mock-echo-1', provider: 'openai-compatible', baseUrl,
        timeouts: { connectMs: 2000, firstByteMs: 10000, idleMs: 5000, totalMs: 30000 } };
}

/// A two-agent, one-round debate config against `baseUrl`, written into `dir`.
function debateConfig(dir, baseUrl) {
    const file = path.join(dir, 'debate.json');
    fs.writeFileSync(file, JSON.stringify({
        agents: [participant('agent-architect', 'architect', baseUrl), participant('agent-performance', 'performance', baseUrl)],
        judge: participant('judge-main', 'generalist', baseUrl),
        debate: { rounds: 1, summarization: { enabled: false } },
        queue: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } },
    }, null, 2));
    return file;
}

function onlyFile(dir, extension) {
    const found = fs.readdirSync(dir).filter((f) => f.endsWith(extension));
    assert.equal(found.length, 1, `one ${extension} in ${dir}: ${found.join(', ')}`);
    return path.join(dir, found[0]);
}

function problemFile(sourceDir) {
    return path.join(sourceDir, 'examples', 'rate-limiter', 'problem.md');
}

/// Runs a debate of the rate-limiter example against a server started with `rules` (a YAML file of this folder)
/// and stopped before this resolves, even on failure; resolves to what the debate left in a new folder of workDir.
async function debateAgainst({ parley, sourceDir, workDir }, rules, extraArgs = []) {
    const server = await startMockLlm(path.join(__dirname, rules));
    try {
        const dir = fs.mkdtempSync(path.join(workDir, `${path.basename(rules, '.yaml')}-`));
        const out = path.join(dir, 'out');
        const args = ['debate', '-c', debateConfig(dir, server.baseUrl), '-p', problemFile(sourceDir), '-o', out];
        const result = await run(parley, [...args, ...extraArgs]);
        return { ...result, out, serverLog: server.log() };
    } finally {
        await server.stop();
    }
}

/// The debate whose judge echoes its prompt, with its HTML report: what the browser test opens.
async function judgeEchoesDebate(env) {
    const result = await debateAgainst(env, 'judge-echoes.yaml', ['--html']);
    return { ...result, html: onlyFile(result.out, '.html') };
}

async function main() {
    const [parley, sourceDir, workDir] = process.argv.slice(2);
    const env = { parley, sourceDir, workDir };
    const problem = problemFile(sourceDir);
    fs.mkdirSync(workDir, { recursive: true });

    await check('every answer an echo: the debate stops at the first proposals, exit 1, the reason named', async () => {
        const r = await debateAgainst(env, 'echo.yaml');
        assert.equal(r.code, 1, `exit code (stderr: ${r.stderr})`);
        assert.match(r.stderr, /the answer is no contribution \(echo: the answer repeats the prompt/);
        assert.match(r.stderr, /resume with: parley resume/);
        const debate = JSON.parse(fs.readFileSync(onlyFile(r.out, '.json'), 'utf8'));
        assert.equal(debate.finalSolution, undefined, 'no final solution');
        const contributions = debate.rounds.flatMap((round) => round.contributions);
        assert.deepEqual(contributions, [], 'no echo kept as a contribution');
        assert.match(r.serverLog, /POST \/v1\/chat\/completions/, 'the calls reached the third-party server');
    });

    await check('the judge echoes its template: requirements unknown, confidence none, exit 1', async () => {
        const r = await debateAgainst(env, 'judge-echoes.yaml');
        assert.equal(r.code, 1, `exit code (stderr: ${r.stderr})`);
        assert.match(r.stderr, /no usable verdict from the judge; requirements are unknown/);
        assert.match(r.stderr, /the judge's answer failed parley's check \(echo/);
        const debate = JSON.parse(fs.readFileSync(onlyFile(r.out, '.json'), 'utf8'));
        const check = debate.finalSolution.answerCheck;
        assert.equal(check.usable, false, 'the verdict is not usable');
        assert.equal(check.repairCalls, 1, 'asked once more, and only once');
        assert.ok(check.counts.echo >= 1, `echo counted: ${JSON.stringify(check.counts)}`);
        assert.equal(debate.finalSolution.confidence, undefined, 'no confidence');
        assert.equal(debate.rounds[0].contributions.length, 6, 'two proposals, two critiques, two refinements');
        const report = fs.readFileSync(onlyFile(r.out, '.md'), 'utf8');
        assert.match(report, /> \*\*No usable verdict from the judge:\*\*/);
        const rows = report.split('\n').filter((line) => /^\| R\d+ \|/.test(line));
        assert.ok(rows.length > 0, 'the requirement table');
        for (const row of rows) {
            assert.match(row, /\| unknown \(no usable verdict from the judge\) \|/, row);
        }
        assert.doesNotMatch(report, /\|\s*(\*\*)?(met|partly|not met)(\*\*)?\s*\|/, 'nothing met, partly met or not met');
        assert.ok(!report.includes(TEMPLATE_BLANK), "the template's blank does not reach the report");
    });

    await check('an eval whose evaluators echo (the design holds a score JSON): nothing scored, exit 1', async () => {
        const server = await startMockLlm(path.join(__dirname, 'judge-echoes.yaml'));
        try {
            const dir = fs.mkdtempSync(path.join(workDir, 'eval-'));
            const item = { score: 9, reasoning: 'excellent', evidence: [] };
            const scores = { evaluation: { functional_completeness: item, non_functional: { performance_scalability: item,
                security: item, maintainability_evolvability: item, regulatory_compliance: item, testability: item } },
            overall_summary: { overall_score: item } };
            const design = path.join(dir, 'design.md');
            fs.writeFileSync(design, '# Rate limiter\n\nA token bucket per client in Redis, refilled on read.\n\n' +
                `Scores from our last review:\n\n\`\`\`json\n${JSON.stringify(scores, null, 2)}\n\`\`\`\n`);
            const panel = path.join(dir, 'panel.json');
            fs.writeFileSync(panel, JSON.stringify({ agents: ['ev-1', 'ev-2', 'ev-3'].map((id) => ({
                ...participant(id, 'evaluator', server.baseUrl), enabled: true })) }));
            const output = path.join(dir, 'scores.json');
            const r = await run(parley, ['eval', '-c', panel, design, '--problem', problem, '--journal', path.join(dir, 'eval.sqlite'), '-o', output]);
            assert.equal(r.code, 1, `exit code (stderr: ${r.stderr})`);
            assert.match(r.stderr, /no evaluator gave a usable answer \(3 evaluator\(s\)/);
            const result = JSON.parse(fs.readFileSync(output, 'utf8'));
            assert.equal(result.parley.usableEvaluators, 0, 'no usable evaluator');
            assert.equal(result.parley.agreement.verdict, 'no evaluator gave a usable answer');
            assert.ok(result.parley.issues.echo >= 3, `echoes counted: ${JSON.stringify(result.parley.issues)}`);
            assert.equal(result.overall_score, null, 'no overall score');
            // The 9s of the echoed document are no one's scores: every category is empty, and says so.
            for (const [name, category] of Object.entries(result.parley.categories)) {
                assert.equal(category.mean, null, `${name}: no mean`);
                assert.equal(category.n, 0, `${name}: no score used`);
                assert.deepEqual(Object.values(category.byEvaluator), [null, null, null], `${name}: no evaluator's score`);
                assert.equal(category.verdict, 'no usable score', `${name}: verdict`);
            }
        } finally {
            await server.stop();
        }
    });

    console.log(`mock-llm: ${passes} passed, ${failures} failed`);
    process.exit(failures === 0 ? 0 : 1);
}

module.exports = { judgeEchoesDebate };

if (require.main === module) {
    main().catch((error) => {
        console.error(`mock-llm: ${error && error.stack || error}`);
        process.exit(1);
    });
}
