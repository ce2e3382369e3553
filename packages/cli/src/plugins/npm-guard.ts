/**
 * Run by `node -e` between the CLI and npm: npm starts in its own process group,
 * and when the CLI dies (even by kill -9) the OS closes the guard's stdin, so the
 * guard kills npm's whole group. Without it npm would finish an install the host
 * never checked. Kept as source text so no extra file has to ship or resolve.
 */
export const NPM_GUARD = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
const killGroup = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} };
process.stdin.on('end', () => { killGroup(); process.exit(137); });
process.stdin.on('error', () => { killGroup(); process.exit(137); });
process.stdin.resume();
child.on('error', (e) => { process.stderr.write(String(e.message) + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
`;
