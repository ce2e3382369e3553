import { z } from 'zod';
import { DURATION_PATTERN } from './duration.js';

const duration = z.union([
  z.number().nonnegative(),
  z.string().regex(DURATION_PATTERN, 'a duration such as 500, "500ms", "2s", "1m"'),
]);

/** Names usable in `depends_on`, job ids and object keys without quoting. */
export const STAGE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const stageOptionsSchema = z
  .object({
    retries: z.number().int().min(0).max(100).optional().describe('Extra attempts after a failure'),
    backoff: z
      .union([
        duration,
        z
          .object({
            type: z.enum(['fixed', 'exponential']),
            delay: duration,
            max: duration.optional(),
          })
          .strict(),
      ])
      .optional()
      .describe('Wait before a retry: a duration, or { type, delay, max }'),
    timeout: duration.optional().describe('Abort the stage after this long'),
  })
  .strict();

export const stageSchema = z
  .object({
    name: z.string().regex(STAGE_NAME, 'letters, digits, "_" and "-", starting with a letter or "_"'),
    target: z.string().min(1).describe('pkg/subpath#export, ./file.js#export, or a plugin stage name'),
    description: z.string().optional(),
    depends_on: z.array(z.string()).optional().describe('Stages whose results this one takes'),
    type: z
      .enum(['simple', 'parameterized'])
      .optional()
      .describe('parameterized: run once per item of map_on'),
    map_on: z
      .string()
      .optional()
      .describe(
        'For parameterized stages: a dependency (or "input") whose value is a list, optionally with a .path',
      ),
    options: stageOptionsSchema.optional(),
    resources: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  })
  .strict();

export const executorSchema = z
  .object({ target: z.string().min(1).describe('local, threads, bullmq, or a plugin executor') })
  .catchall(z.unknown());

export const workflowSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    version: z.union([z.string(), z.number()]).optional(),
    input: z.record(z.string(), z.unknown()).optional().describe('JSON Schema of the run input'),
    executor: executorSchema.optional(),
    stages: z.array(stageSchema).min(1),
  })
  .strict();

export type StageOptions = z.output<typeof stageOptionsSchema>;
export type StageDefinition = z.output<typeof stageSchema>;
export type ExecutorConfig = z.output<typeof executorSchema>;
export type WorkflowDefinition = z.output<typeof workflowSchema>;

/** The published JSON Schema of workflow files (editor completion). */
export function workflowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workflowSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://plugboard.dev/schema/workflow.schema.json',
    title: 'Plugboard workflow',
  };
}
