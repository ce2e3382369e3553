import { spawn } from 'node:child_process';
import { CliError, CliErrorCodes } from '../errors.js';
import { NPM_GUARD } from './npm-guard.js';

export interface NpmOptions {
  cliName: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  command?: string | undefined;
  registry?: string | undefined;
}

/**
 * Run npm in the user plugin directory. Peer dependencies are not installed
 * (`--legacy-peer-deps`): the peer on @plugboard/cli is the host itself, which
 * the host checks and provides.
 */
export function runNpm(args: string[], o: NpmOptions): Promise<void> {
  const full = [
    ...args,
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    '--legacy-peer-deps',
    '--loglevel=error',
    ...(o.registry ? ['--registry', o.registry] : []),
  ];
  const command = o.command ?? 'npm';
  return new Promise((resolve, reject) => {
    // stdin stays an open pipe the CLI never writes: it closes when the CLI dies, and the guard kills npm
    const child = spawn(process.execPath, ['-e', NPM_GUARD, command, ...full], {
      cwd: o.cwd,
      env: o.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d;
    });
    child.on('error', (error) =>
      reject(
        new CliError(
          CliErrorCodes.INSTALL_FAILED,
          `could not run ${command} (${error.message}); install npm or put it on PATH.`,
          { cli: o.cliName, cause: error },
        ),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve();
      if (code === 127) {
        reject(
          new CliError(
            CliErrorCodes.INSTALL_FAILED,
            `could not run ${command} (${output.trim()}); install npm or put it on PATH.`,
            { cli: o.cliName },
          ),
        );
        return;
      }
      const lines = output
        .split('\n')
        .filter((l) => l.trim() && !/Unknown (user|env) config/.test(l))
        .slice(-6)
        .join('\n');
      reject(
        new CliError(
          CliErrorCodes.INSTALL_FAILED,
          `\`npm ${args.join(' ')}\` failed (exit ${code}):\n${lines}\nCheck the package name and your npm registry settings.`,
          { cli: o.cliName },
        ),
      );
    });
  });
}
