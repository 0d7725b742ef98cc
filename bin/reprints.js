#!/usr/bin/env node
// Thin wrapper: all logic lives in src/cli/main.ts (built to dist/cli.js); only this file exits.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
