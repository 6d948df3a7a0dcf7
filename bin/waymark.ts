#!/usr/bin/env node
// The `waymark` command line. Runs on the Node 24 that the `node` npm package installs (see README).
import { runCli } from '../src/cli/program.ts';

const code = await runCli(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
