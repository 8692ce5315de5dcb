/** The client's check-in page: /check-in/<code>. */
import { render } from 'preact';
import { CheckInApp } from './app.js';
import './check-in.css';

const code = decodeURIComponent(location.pathname.split('/').filter(Boolean).at(-1) ?? '');
const root = document.getElementById('app');
if (root) render(<CheckInApp code={code} />, root);
