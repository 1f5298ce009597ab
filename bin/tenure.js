#!/usr/bin/env node
// Runs the TypeScript sources with Node's own type stripping (on by default since Node 22.18 and
// in Node 24): no build step and no transpiler between a clone and a running Tenure.
await import('../src/cli/main.ts');
