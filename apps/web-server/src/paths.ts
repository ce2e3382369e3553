import { fileURLToPath } from 'node:url';

/** The app's folder: its package.json dependencies are the bundled plugins (the web-* examples). */
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));
