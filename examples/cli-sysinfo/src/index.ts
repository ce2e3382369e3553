import { arch, cpus, freemem, hostname, loadavg, platform, release, totalmem, type, uptime } from 'node:os';
import { resolve } from 'node:path';
import { defineCliPlugin } from '@plugboard/cli';
import { z } from 'zod';
import { diskUsage, formatBytes } from './disk.js';

/** Validated by @plugboard/cli through Standard Schema after defaults, file and env are merged. */
const configSchema = z.object({
  units: z.enum(['auto', 'B', 'KB', 'MB', 'GB', 'TB']),
  top: z.number().int().min(0).max(100),
  exclude: z.array(z.string()),
  maxFiles: z.number().int().positive(),
});

export default defineCliPlugin({
  name: 'sysinfo',
  description: 'inspect this machine and its folders',
  defaults: { units: 'auto', top: 5, exclude: ['.git', 'node_modules'], maxFiles: 200_000 },
  configSchema,
  commands(group, ctx) {
    const bytes = (n: number) => formatBytes(n, ctx.config.units);

    group
      .command('show')
      .description('OS, CPU, memory, load and Node.js version')
      .action(() => {
        const cpu = cpus();
        const info = {
          os: { type: type(), platform: platform(), release: release(), arch: arch(), hostname: hostname() },
          cpu: { count: cpu.length, model: cpu[0]?.model.trim() ?? 'unknown', loadavg: loadavg() },
          memory: { total: totalmem(), free: freemem() },
          uptimeSeconds: Math.round(uptime()),
          node: process.version,
        };
        ctx.output(
          info,
          [
            `OS      ${info.os.type} ${info.os.release} (${info.os.platform}/${info.os.arch})`,
            `CPU     ${info.cpu.count} × ${info.cpu.model}, load ${info.cpu.loadavg.map((l) => l.toFixed(2)).join(' ')}`,
            `Memory  ${bytes(info.memory.free)} free of ${bytes(info.memory.total)}`,
            `Uptime  ${(info.uptimeSeconds / 3600).toFixed(1)} h`,
            `Node    ${info.node}`,
          ].join('\n'),
        );
      });

    group
      .command('disk')
      .description('size of a folder: files, folders, bytes and the largest files')
      .argument('[path]', 'folder to inspect', '.')
      .option('--top <n>', 'how many of the largest files to list')
      .action(async (path: string, opts: { top?: string }) => {
        const top = opts.top === undefined ? ctx.config.top : Number(opts.top);
        if (!Number.isInteger(top) || top < 0)
          ctx.fail(`sysinfo: --top must be a whole number, got "${opts.top}".`, 2);
        const root = resolve(path);
        ctx.debug(`walking ${root}, excluding ${ctx.config.exclude.join(', ')}`);
        const usage = await diskUsage(root, {
          top,
          exclude: ctx.config.exclude,
          maxFiles: ctx.config.maxFiles,
        });
        if (usage.unreadable.includes('.'))
          ctx.fail(`sysinfo: cannot read ${root}; check the path and its permissions.`);
        ctx.output(usage, () =>
          [
            `${root}: ${usage.files} files in ${usage.folders} folders, ${bytes(usage.bytes)}${usage.truncated ? ` (stopped after ${ctx.config.maxFiles} files)` : ''}`,
            ...usage.largest.map((f) => `  ${bytes(f.bytes).padStart(10)}  ${f.path}`),
          ].join('\n'),
        );
      });
  },
});
