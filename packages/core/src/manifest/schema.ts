import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import { ENTRY_VALUE, NAME } from './rules.js';

// zod is loaded on first use, through its CommonJS build: a host that answers from a
// fresh discovery index never validates a manifest, and zod's ESM build is ~95 modules.
type Z = typeof Zod.z;

/**
 * A record whose keys are plugin names. Key problems are reported on the key's
 * own path (zod's record key errors would only say "Invalid key in record").
 */
function namedRecord<V extends Zod.ZodType>(z: Z, value: V) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!NAME.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'name must be non-empty, without spaces or "#"',
        });
      }
    }
  });
}

/**
 * The `plugboard` field of a plugin's package.json.
 * Host-specific keys (`web`, `printer`, …) are kept and validated by that host.
 */
function build(z: Z) {
  /** "./dist/x.js#Export" or "./dist/x.js" (default export), or a bare package specifier. */
  const entryValue = z
    .string()
    .min(1, 'must not be empty')
    .regex(ENTRY_VALUE, 'must look like "./dist/module.js#ExportName" or "./dist/module.js"');

  const semverRange = z.string().min(1, 'must be a semver range such as "^1.0.0"');
  return z
    .looseObject({
      entryPoints: z
        .record(z.string().min(1), namedRecord(z, entryValue))
        .describe(
          'Group name -> entry name -> "module#export". Groups used by Plugboard adapters: config, workflow, cli, web, printer.',
        ),
      requires: namedRecord(z, semverRange)
        .optional()
        .describe('Other plugins of the same group this one needs, with the version range of their package.'),
      permissions: z
        .array(z.string().min(1))
        .optional()
        .describe('Capabilities the plugin asks the host to grant, e.g. "storage", "events.publish".'),
      displayName: z.string().optional().describe('Human-readable plugin name.'),
      description: z.string().optional().describe('One-line description shown by `plugboard list`.'),
    })
    .describe('Plugboard plugin manifest: https://github.com/plugboard/plugboard#declaring-a-plugin');
}

let schema: ReturnType<typeof build> | undefined;

/** The zod schema of the `plugboard` field, built on first use. */
export function manifestSchema(): ReturnType<typeof build> {
  schema ??= build((createRequire(import.meta.url)('zod') as typeof Zod).z);
  return schema;
}

export type PluginManifest = Zod.infer<ReturnType<typeof build>>;
