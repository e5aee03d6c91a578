#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles on load, so there is no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../server/main.ts');
