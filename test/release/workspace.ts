import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  private: boolean;
}

/** Every package of the workspace (packages/*, examples/*), as package.json describes it. */
export function workspacePackages(root = repoRoot): WorkspacePackage[] {
  return ['packages', 'examples'].flatMap((group) =>
    readdirSync(join(root, group))
      .filter((d) => existsSync(join(root, group, d, 'package.json')))
      .map((d) => {
        const dir = join(root, group, d);
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        return { name: pkg.name, version: pkg.version, dir, private: pkg.private === true };
      }),
  );
}

/**
 * A scratch copy of the repository to version and publish from: a git clone (so
 * changesets finds its base branch) with the working tree's tracked and new files
 * laid over it, and each package's and example app's build output copied in.
 */
export function scratchCopy(into: string): string {
  execFileSync('git', ['clone', '-q', '--no-hardlinks', repoRoot, into]);
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(from, join(into, file));
  }
  // the example apps too: the release test runs them (at the released version) with new plugins
  const apps = readdirSync(join(repoRoot, 'apps')).map((d) => ({ dir: join(repoRoot, 'apps', d) }));
  for (const pkg of [...workspacePackages(), ...apps]) {
    for (const out of ['dist', 'schema']) {
      const built = join(pkg.dir, out);
      if (existsSync(built))
        cpSync(built, join(into, pkg.dir.slice(repoRoot.length + 1), out), { recursive: true });
    }
  }
  execFileSync('git', ['-C', into, 'add', '-A']);
  execFileSync('git', [
    '-C',
    into,
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t',
    'commit',
    '-qm',
    'scratch',
    '--allow-empty',
  ]);
  return into;
}

/** Run a command, throwing with its output when it fails. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`,
    );
  }
  return r.stdout;
}

/** A changeset that bumps the fixed SDK group by a patch. */
export function addChangeset(scratch: string, summary: string): void {
  writeFileSync(
    join(scratch, '.changeset', 'release-e2e.md'),
    `---\n"@plugboard/core": patch\n---\n\n${summary}\n`,
  );
}
