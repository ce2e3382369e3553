import { defineResolver } from '../define.js';
import { ConfigError, ConfigErrorCodes } from '../errors.js';
import { DEFAULT_SEALED_KEY_ENV, unsealValue } from '../seal/crypto.js';

/**
 * `SEALED:///v1.…` or `${SEALED:v1.…}`: a value encrypted with AES-256-GCM.
 * The key comes from `PLUGBOARD_SEALED_KEY`, or the variable named by
 * `resolverOptions.SEALED.keyEnv`.
 */
export const sealedResolver = defineResolver({
  prefix: 'SEALED',
  secret: true,
  description: 'Values encrypted with AES-256-GCM (plugboard-seal)',
  setup: (ctx) => {
    const keyEnv = typeof ctx.options.keyEnv === 'string' ? ctx.options.keyEnv : DEFAULT_SEALED_KEY_ENV;
    return { keyEnv, key: ctx.environment[keyEnv] };
  },
  resolve: (sealed, ctx) => {
    if (!ctx.state.key) {
      throw new ConfigError(
        ConfigErrorCodes.SEALED_KEY_MISSING,
        `the SEALED key is not set: export ${ctx.state.keyEnv} (create a key with \`plugboard-seal generate-key\`).`,
      );
    }
    return unsealValue(sealed, ctx.state.key);
  },
});
