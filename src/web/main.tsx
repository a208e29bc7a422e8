import { render } from 'preact';
import { App } from './shell/app.tsx';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = ''; // The name shown while the code loads.
render(<App />, root);

// Installs the service worker that keeps the app on the phone, so it opens with the network off.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No service worker (an old browser, a private window): the app still works online.
    });
  });
}
