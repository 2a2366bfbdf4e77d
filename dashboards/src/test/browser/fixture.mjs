// Starts the Java BrowserFixture (embedded broker + dashboard + live ECG replay) and Debian's
// Chromium through playwright-core. Needs `mvn -pl dashboards verify` (or process-test-classes)
// to have built dashboards/target/{classes,test-classes,test.classpath}.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const moduleDir = resolve(here, '..', '..', '..');
export const repoRoot = resolve(moduleDir, '..');
export const artifacts = join(moduleDir, 'target', 'browser-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function startFixture() {
  const target = join(moduleDir, 'target');
  const cpFile = join(target, 'test.classpath');
  if (!existsSync(cpFile)) throw new Error(`${cpFile} missing: run mvn -pl dashboards verify first`);
  const cp = [join(target, 'classes'), join(target, 'test-classes'), readFileSync(cpFile, 'utf8').trim()].join(':');
  const proc = spawn('java', ['-Xmx1g', '-cp', cp, 'dev.hiss.dashboard.BrowserFixture'], {
    cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr = [];
  proc.stderr.on('data', (d) => { stderr.push(d.toString()); if (stderr.length > 200) stderr.shift(); });
  const lines = createInterface({ input: proc.stdout });
  const waiting = [];
  let url = null;
  let liveVersion = null;
  const ready = new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`fixture not ready in 120 s:\n${stderr.join('')}`)), 120_000);
    proc.on('exit', (code) => {
      const err = new Error(`fixture exited ${code}:\n${stderr.slice(-40).join('')}`);
      rej(err);
      while (waiting.length) waiting.shift()(`ERR ${err.message}`);
    });
    lines.on('line', (line) => {
      if (line.startsWith('LIVE_VERSION ')) {
        liveVersion = line.slice('LIVE_VERSION '.length).trim();
        clearTimeout(timer);
        res();
      } else if (line.startsWith('DASHBOARD_URL ')) {
        url = line.slice('DASHBOARD_URL '.length).trim();
      } else if (line.startsWith('OK') || line.startsWith('ERR')) {
        const w = waiting.shift();
        if (w) w(line);
      }
    });
  });
  await ready;
  return {
    url,
    /** The registry version (checksum prefix) the fixture's predictions carry for devices 0 and 1. */
    liveVersion,
    /** Sends one stdin command (alert, pause, resume, promote, server-stop, server-start) and waits for its OK. */
    command(cmd) {
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no answer to ${cmd}`)), 30_000);
        waiting.push((line) => {
          clearTimeout(timer);
          if (line.startsWith('OK')) res(line);
          else rej(new Error(line));
        });
        proc.stdin.write(cmd + '\n');
      });
    },
    async stop() {
      if (proc.exitCode !== null) return;
      proc.stdin.write('quit\n');
      const exited = new Promise((res) => proc.on('exit', res));
      const timeout = new Promise((res) => setTimeout(res, 30_000, 'timeout'));
      if ((await Promise.race([exited, timeout])) === 'timeout') proc.kill('SIGKILL');
    },
  };
}

export async function launchBrowser() {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    // launch() always gives Chromium a fresh, empty --user-data-dir of its own (a temp dir)
  });
}
