#!/usr/bin/env node
// The `distillery` CLI: registers tsx so the TypeScript source runs without a build step, then starts it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
