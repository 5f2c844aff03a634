#!/usr/bin/env node
// The installed command. Committed with its run bit (git mode 100755), so no build step has to
// set one: tsc writes dist/ without it, and npm links a bin executable only at install time.
import { runMain } from '../dist/src/cli/main.js';

runMain(process.argv.slice(2));
