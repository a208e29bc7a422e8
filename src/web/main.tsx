import { render } from 'preact';
import { App } from './shell/app.tsx';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = ''; // The name shown while the code loads.
render(<App />, root);

// Installs the service worker that keeps the app on the phone, so it opens with the network off.
// Built apps only (the dev server has hot reload and no sw.js); `import.meta.hot` exists only there,
// whereas `import.meta.env.PROD` also depends on NODE_ENV at build time (the tests build under "test").
if (!import.meta.hot && 'serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No service worker (an old browser, a private window): the app still works online.
    });
  });
}
