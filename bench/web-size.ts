/**
 * Web app size (issue #3: the first page loads at most 150 KB of gzipped JavaScript): builds the
 * app into a temporary folder and adds up, gzipped, the scripts and styles index.html loads.
 * Run alone with `npx tsx bench/web-size.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export function benchWebSize(): void {
  const out = mkdtempSync(path.join(tmpdir(), 'fieldlab-web-'));
  try {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', out], { stdio: 'inherit' });
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    const gz = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(out, f))).length, 0);
    const js = scripts.filter((f) => f.endsWith('.js'));
    const css = scripts.filter((f) => f.endsWith('.css'));
    const allJs = readdirSync(path.join(out, 'assets')).filter((f) => f.endsWith('.js'));
    console.log('\nweb app');
    console.log(`  first page, gzipped JavaScript: ${(gz(js) / 1024).toFixed(1)} KB in ${js.length} files (goal ≤ 150 KB); ${allJs.length} JS files built in all`);
    console.log(`  first page, gzipped CSS: ${(gz(css) / 1024).toFixed(1)} KB in ${css.length} files`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) benchWebSize();
