import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const read = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Node's lookup of `name` from a package folder: the nearest node_modules/<name> up the tree. */
function locate(name: string, from: string): string | undefined {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

/**
 * Every third-party package (name@version → installed folder) the given workspace
 * packages need at install time: dependencies and required peers, transitively,
 * as this workspace installed them. The local registry has no uplink, so these are
 * published to it before anything is installed from it.
 */
export function dependencyClosure(roots: string[], workspaceNames: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    const pkg = read(dir);
    const wanted = {
      ...pkg.dependencies,
      ...pkg.optionalDependencies,
      ...Object.fromEntries(
        Object.entries(pkg.peerDependencies ?? {}).filter(([n]) => !pkg.peerDependenciesMeta?.[n]?.optional),
      ),
    };
    for (const name of Object.keys(wanted)) {
      if (workspaceNames.has(name)) continue;
      const at = locate(name, dir);
      if (!at) continue; // an optional dependency for another platform
      const dep = read(at);
      const key = `${dep.name}@${dep.version}`;
      if (found.has(key)) continue;
      found.set(key, at);
      queue.push(at);
    }
  }
  return found;
}

/**
 * Publish installed third-party package folders as they are, the way `npm publish`
 * talks to a registry (one PUT of the packument with the tarball attached), several
 * at a time: spawning npm for each of a few hundred packages would take minutes.
 */
export async function republishAll(
  dirs: Iterable<string>,
  registryUrl: string,
  token: string,
): Promise<void> {
  const list = [...dirs];
  const worker = async () => {
    for (let dir = list.pop(); dir !== undefined; dir = list.pop())
      await publishFolder(dir, registryUrl, token);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

async function publishFolder(dir: string, registryUrl: string, token: string): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown> &
    Manifest;
  // The folder as installed (npm already applied its "files"), without nested node_modules.
  // pnpm's store hardlinks identical files: store each as a file, not as a link npm would drop.
  const tarball = execFileSync(
    'tar',
    ['-cz', '--hard-dereference', '--exclude=node_modules', '--transform', 's,^\\.,package,', '-C', dir, '.'],
    { maxBuffer: 512 * 1024 * 1024 },
  );
  const { publishConfig: _p, scripts: _s, devEngines: _d, ...manifest } = pkg;
  const file = `${pkg.name.replace(/^@[^/]+\//, '')}-${pkg.version}.tgz`;
  const body = {
    _id: pkg.name,
    name: pkg.name,
    'dist-tags': { [`v${pkg.version.replace(/\W/g, '-')}`]: pkg.version },
    versions: {
      [pkg.version]: {
        ...manifest,
        _id: `${pkg.name}@${pkg.version}`,
        dist: {
          shasum: createHash('sha1').update(tarball).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
          tarball: `${registryUrl}${pkg.name}/-/${file}`,
        },
      },
    },
    _attachments: {
      [`${pkg.name}-${pkg.version}.tgz`]: {
        content_type: 'application/octet-stream',
        data: tarball.toString('base64'),
        length: tarball.length,
      },
    },
  };
  let response: Response;
  try {
    response = await fetch(`${registryUrl}${pkg.name.replace('/', '%2f')}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(`publishing ${pkg.name}@${pkg.version} (${tarball.length} bytes) failed`, {
      cause: error,
    });
  }
  if (!response.ok)
    throw new Error(
      `publishing ${pkg.name}@${pkg.version} failed: ${response.status} ${await response.text()}`,
    );
}
