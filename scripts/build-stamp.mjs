#!/usr/bin/env node
// Marks dist/ as built from the current sources, so bin/stepdown runs the compiled code.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/.build-stamp', import.meta.url), `${new Date().toISOString()}\n`);
