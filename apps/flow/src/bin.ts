#!/usr/bin/env node
// The whole CLI; bin/flow.cjs answers help-only command lines before loading this.
import { runMain } from '@plugboard/cli';
import { createFlow } from './cli.js';

const code = await runMain(createFlow());
// A cancelled or timed-out stage that ignores its AbortSignal may leave timers behind;
// the run is over, so exit once output has had a second to flush. Unref'd: a command
// whose work is really done exits at once without waiting for this.
setTimeout(() => process.exit(code), 1000).unref();
