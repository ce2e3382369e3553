import { defineResolver } from '@plugboard/config';

/**
 * Resolves `{{pluginName}}:///name` (whole value) and `${{{pluginName}}:name}` (inside a string).
 * This starter looks names up in the `values` option the host passes for the
 * prefix (`resolverOptions.{{pluginName}}.values`); replace `resolve` with a call to
 * your secret store or service.
 */
export default defineResolver({
  prefix: '{{pluginName}}',
  description: '{{description}}',
  setup(ctx) {
    const values = ctx.options.values ?? {};
    if (typeof values !== 'object' || values === null) {
      throw new Error('{{pluginName}}: option "values" must be an object of name → value');
    }
    return values as Record<string, unknown>;
  },
  resolve(name, ctx) {
    // `undefined` means "not found": a `:-default` in the reference then applies.
    return Object.hasOwn(ctx.state, name) ? ctx.state[name] : undefined;
  },
});
