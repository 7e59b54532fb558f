#!/usr/bin/env node
// The `meetlat` command. The sources are TypeScript; tsx compiles them on load, so a fresh
// clone runs without a build step and can never run a stale build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
