import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

/**
 * Debian's Chromium through playwright-core; never a downloaded browser. CHROMIUM_PATH points at
 * another build. The flags keep it quiet and offline apart from the server under test; `args` adds
 * a test's own (a fake camera, say: see fake-camera.ts).
 */
export function launchBrowser(options: { args?: readonly string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(options.args ?? [])],
  });
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the web app into a fresh temporary folder, so a test never depends on (or overwrites)
 * whatever dist/web holds. Returns the folder and a function that removes it.
 */
export async function buildWebApp(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fieldlab-web-'));
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    root: path.join(root, 'src/web'),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Everything that went wrong in a page: uncaught errors, console errors (among them
 * Content-Security-Policy violations) and server errors. Answers the server gives on purpose
 * (401 before login, 4xx for a wrong password) are logged by Chromium as "Failed to load
 * resource"; those are expected and left out, every other console error is kept.
 */
export function watchPage(page: Page): { problems: string[]; take(): string[] } {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    const text = msg.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    if (msg.type() === 'warning' && !/Content.Security.Policy|Refused/i.test(text)) return;
    problems.push(`console.${msg.type()}: ${text}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`HTTP ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  return {
    problems,
    take() {
      return problems.splice(0, problems.length);
    },
  };
}
