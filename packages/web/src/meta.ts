import { z } from 'zod';

/** Capabilities a plugin must declare before the host lets it use them. */
export const WEB_PERMISSIONS = [
  'storage',
  'events.publish',
  'events.subscribe',
  'services.provide',
  'services.consume',
  'tasks',
  'websocket',
] as const;

const permission = z.enum(WEB_PERMISSIONS);
const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and "-"');
/** A URL path segment list such as `/notes` or `/v2/x`. */
const urlPath = z.string().regex(/^\/[A-Za-z0-9/_.:-]*$/, 'a path starting with "/"');
const jsonObject = z.record(z.string(), z.unknown());

const widget = z.strictObject({
  id: name,
  title: z.string().min(1),
  /** Path under the plugin's API prefix that answers JSON for the widget. */
  endpoint: urlPath,
  /** `stat`: `{ value, label? }`; `list`: an array of strings or `{ label, value }`; `json`: anything. */
  kind: z.enum(['stat', 'list', 'json']).default('json'),
  refreshMs: z.number().int().min(500).optional(),
});

/**
 * `plugboard.web` in a plugin's package.json: everything the host and its admin
 * dashboard need before (or without) importing the plugin's code.
 */
export const webMetaSchema = z.strictObject({
  displayName: z.string().min(1).optional(),
  description: z.string().optional(),
  /** `business | integration | analytics | ui`, or any string of your own. */
  category: z.union([z.enum(['business', 'integration', 'analytics', 'ui']), z.string().min(1)]).optional(),
  api: z
    .strictObject({
      /** Default `/<plugin name>`: routes answer under `/api<prefix>`. */
      prefix: urlPath.optional(),
      version: z.string().optional(),
    })
    .optional(),
  rateLimit: z
    .strictObject({
      max: z.number().int().positive(),
      /** Milliseconds, or a string such as `"1 minute"`. */
      timeWindow: z.union([z.number().int().positive(), z.string().min(1)]),
    })
    .optional(),
  permissions: z.array(permission).default([]),
  config: z
    .strictObject({
      /** JSON Schema (draft-07) the merged configuration must satisfy. */
      schema: jsonObject.optional(),
      defaults: jsonObject.optional(),
      required: z.array(z.string().min(1)).optional(),
      /** Keys shown as `[secret]` in the dashboard and logs, on top of resolver secrets. */
      secret: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  ui: z
    .strictObject({
      menu: z
        .strictObject({ label: z.string().min(1), path: urlPath, icon: z.string().optional() })
        .optional(),
      widgets: z.array(widget).default([]),
    })
    .optional(),
  health: z
    .strictObject({
      /** Path under the plugin's prefix that answers the plugin's own check (default `/health`). */
      path: urlPath.default('/health'),
      intervalMs: z.number().int().min(100).default(30_000),
      timeoutMs: z.number().int().min(10).default(2_000),
    })
    .optional(),
  features: z
    .strictObject({ websocket: z.boolean().optional(), backgroundTasks: z.boolean().optional() })
    .optional(),
  /** Other web plugins this one needs, with semver ranges; the same as `plugboard.requires`. */
  dependencies: z.record(name, z.string().min(1)).optional(),
});

export type WebPermission = (typeof WEB_PERMISSIONS)[number];
/** Validated `plugboard.web` metadata (defaults applied). */
export type WebMeta = z.output<typeof webMetaSchema>;
/** `plugboard.web` as written in package.json. */
export type WebMetaInput = z.input<typeof webMetaSchema>;
