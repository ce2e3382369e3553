import { z } from 'zod';

/** npm-style package name of a requirement or plugin name; kept permissive on purpose. */
const entryName = z
  .string()
  .min(1, 'must not be empty')
  .regex(/^[^\s#]+$/, 'must not contain spaces or "#"');

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
      .record(z.string().min(1), z.record(entryName, entryValue))
      .describe(
        'Group name -> entry name -> "module#export". Groups used by Plugboard adapters: config, workflow, cli, web, printer.',
      ),
    requires: z
      .record(entryName, semverRange)
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
