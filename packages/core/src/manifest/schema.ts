import { z } from 'zod';

const NAME = /^[^\s#]+$/;

/**
 * A record whose keys are plugin names. Key problems are reported on the key's
 * own path (zod's record key errors would only say "Invalid key in record").
 */
function namedRecord<V extends z.ZodType>(value: V) {
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

/** "./dist/x.js#Export" or "./dist/x.js" (default export), or a bare package specifier. */
const entryValue = z
  .string()
  .min(1, 'must not be empty')
  .regex(
    /^[^#\s]+(#[A-Za-z_$][\w$]*)?$/,
    'must look like "./dist/module.js#ExportName" or "./dist/module.js"',
  );

const semverRange = z.string().min(1, 'must be a semver range such as "^1.0.0"');

/**
 * The `plugboard` field of a plugin's package.json.
 * Host-specific keys (`web`, `printer`, …) are kept and validated by that host.
 */
export const manifestSchema = z
  .looseObject({
    entryPoints: z
      .record(z.string().min(1), namedRecord(entryValue))
      .describe(
        'Group name -> entry name -> "module#export". Groups used by Plugboard adapters: config, workflow, cli, web, printer.',
      ),
    requires: namedRecord(semverRange)
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

export type PluginManifest = z.infer<typeof manifestSchema>;
