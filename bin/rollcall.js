#!/usr/bin/env node
// Entry point of the `rollcall` command; the compiled CLI lives in dist/ (built by `npm install`).
import { runCli } from '../dist/src/cli/main.js';

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
if (code !== 0 || !process.argv.slice(2).includes('serve')) process.exitCode = code;
