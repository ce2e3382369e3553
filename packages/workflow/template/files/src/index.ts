import { defineStage } from '@plugboard/workflow';

export interface Input {
  text: string;
}

/**
 * The `{{pluginName}}` stage: workflows use it with `target: {{pluginName}}`.
 * A stage is `(input, ctx) => result`; return plain JSON so it can run on any executor.
 */
export default defineStage<Input, { words: number; shout: string }>((input, ctx) => {
  ctx.log.info(`counting the words of ${input.text.length} characters`);
  const words = input.text.split(/\s+/).filter(Boolean).length;
  return { words, shout: input.text.toUpperCase() };
});
