/** Starts the clinician workspace. */
import { render } from 'preact';
import '../styles.css';
import '../workspace.css';
import { Workspace } from './app.js';

const root = document.getElementById('app');
if (root) render(<Workspace />, root);
