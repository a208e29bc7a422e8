import { render } from 'preact';

render(<p>Fieldlab</p>, document.getElementById('app')!);
