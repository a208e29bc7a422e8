import { render } from 'preact';
import { App } from './shell/app.tsx';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = ''; // The name shown while the code loads.
render(<App />, root);
