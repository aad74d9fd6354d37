// Starts the third-party OpenAI-compatible echo server @dwmkerr/mock-llm (pinned in this folder's
// package-lock.json) on a free loopback port, and stops it: on stop(), and when this process exits for any reason.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, 'node_modules', '@dwmkerr', 'mock-llm');
const START_TIMEOUT_MS = 15000;
const PORT_ATTEMPTS = 5;

/// The server's entry point, or an error saying how to install it (the tests fail, never skip, without it).
function mainScript() {
    const manifest = path.join(PACKAGE_DIR, 'package.json');
    if (!fs.existsSync(manifest)) {
        throw new Error(`@dwmkerr/mock-llm missing in ${path.dirname(PACKAGE_DIR)}; run scripts/install-deps.sh (npm ci in tests/mock-llm)`);
    }
    return path.join(PACKAGE_DIR, JSON.parse(fs.readFileSync(manifest, 'utf8')).bin['mock-llm']);
}

// A port the kernel just gave out on loopback; another process may take it before the server binds, so start()
// tries again with a new one when the server cannot listen.
function freePort() {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const { port } = probe.address();
            probe.close(() => resolve(port));
        });
    });
}

function healthy(port) {
    return new Promise((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
        });
        req.on('error', () => resolve(false));
        req.on('timeout', () => { req.destroy(); resolve(false); });
    });
}

const running = new Set();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
        running.forEach((child) => child.kill('SIGKILL'));
        process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
}

async function launch(script, configFile, port) {
    // HOST and PORT are how the server takes its address (its dist/main.js); 127.0.0.1 keeps it off the network.
    const child = spawn(process.execPath, [script, '--config', configFile], {
        env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let log = '';
    const keep = (chunk) => { log = (log + chunk).slice(-4000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let exited = false;
    child.once('exit', () => { exited = true; running.delete(child); });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!exited && Date.now() < deadline) {
        if (await healthy(port)) {
            return { child, log: () => log };
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    return { failed: exited ? `exited: ${log.trim().split('\n').slice(-3).join(' | ')}` : `not healthy within ${START_TIMEOUT_MS} ms` };
}

/// Starts mock-llm with the rules of `configFile` (YAML, see its README) on 127.0.0.1 and a free port.
/// Resolves to { port, baseUrl, log(), stop() }; stop() resolves once the server has exited.
async function startMockLlm(configFile) {
    const script = mainScript();
    let why = '';
    for (let attempt = 0; attempt < PORT_ATTEMPTS; ++attempt) {
        const port = await freePort();
        const started = await launch(script, configFile, port);
        if (started.failed) {
            why = started.failed;
            continue;
        }
        const { child } = started;
        return {
            port,
            baseUrl: `http://127.0.0.1:${port}/v1`,
            log: started.log,
            stop: () => new Promise((resolve) => {
                if (!running.has(child)) {
                    resolve();
                    return;
                }
                child.once('exit', () => resolve());
                child.kill('SIGTERM');
            }),
        };
    }
    throw new Error(`mock-llm did not start on loopback after ${PORT_ATTEMPTS} ports (${why})`);
}

module.exports = { startMockLlm, mainScript };
