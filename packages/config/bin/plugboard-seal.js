#!/usr/bin/env node
// Committed shim so package managers can link the bin before the first build.
import '../dist/bin/seal.js';
