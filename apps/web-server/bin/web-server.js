#!/usr/bin/env node
// web-server's bin: the CLI itself is built to dist/ (`pnpm --filter @plugboard-app/web-server build`).
import('../dist/bin.js');
