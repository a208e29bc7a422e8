import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The web app lives in src/web and is built to dist/web, which the server serves.
export default defineConfig({
  root: 'src/web',
  publicDir: 'public',
  plugins: [preact()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: false, target: 'es2020' },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
