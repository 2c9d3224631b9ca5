#!/usr/bin/env node
// Entry point for `npx pagescope`: loads the TypeScript sources through tsx so the CLI
// runs exactly the engine the tests and the app use, with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
