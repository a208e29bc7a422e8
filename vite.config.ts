import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

const web = fileURLToPath(new URL('./src/web', import.meta.url));

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]));
}

/**
 * Writes the list of built files into the service worker (src/web/sw.ts), with a version made
 * from them, so that it precaches exactly this build: the app shell, every lazily loaded page,
 * the manifest and the icons. No dependency: one step after the bundle is made.
 */
function precacheList(publicDir: string): Plugin {
  return {
    name: 'fieldlab-precache-list',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') return;
      const built = Object.keys(bundle).filter((f) => f !== 'sw.js' && f !== 'index.html' && !f.endsWith('.map'));
      const files = ['/index.html', ...built.map((f) => `/${f}`), ...filesUnder(publicDir).map((f) => `/${f}`)];
      const html = bundle['index.html'];
      const hash = createHash('sha256').update(files.join('\n'));
      if (html && html.type === 'asset') hash.update(html.source);
      sw.code = sw.code.replaceAll('__FIELDLAB_PRECACHE__', JSON.stringify(files)).replaceAll('__FIELDLAB_VERSION__', JSON.stringify(hash.digest('hex').slice(0, 16)));
    },
  };
}

// The web app lives in src/web and is built to dist/web, which the server serves.
export default defineConfig({
  root: 'src/web',
  publicDir: 'public',
  plugins: [preact(), precacheList(path.join(web, 'public'))],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2020',
    // The referral slip's chunk (pdf-lib, fontkit) is ~1.1 MB minified and loads only when a slip is made;
    // the first page is measured by bench/web-size.ts, not by this warning.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: { index: path.join(web, 'index.html'), sw: path.join(web, 'sw.ts') },
      // The service worker keeps one name (its scope is the whole site, and browsers check it for updates).
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
