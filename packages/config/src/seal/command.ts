import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.js';
import { DEFAULT_SEALED_KEY_ENV, generateSealedKey, sealValue, unsealValue } from './crypto.js';

/** Where the seal command reads and writes; the CLI host can pass its own streams. */
export interface SealCommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads the value to encrypt/decrypt when none is given as an argument. */
  readStdin: () => Promise<string>;
  environment: Record<string, string | undefined>;
}

export const SEAL_USAGE = `Usage: plugboard-seal <command> [options]

Commands:
  generate-key             print a new random AES-256 key
  encrypt [value]          seal a value (or stdin) for a SEALED:/// reference
  decrypt [sealed]         open a sealed value (or stdin)

Options:
  --key-env <NAME>         variable holding the key (default ${DEFAULT_SEALED_KEY_ENV})
  -h, --help               show this help
`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function processIO(): SealCommandIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readAll(process.stdin),
    environment: process.env,
  };
}

/**
 * `seal generate-key|encrypt|decrypt`, as a function so a CLI host can mount
 * it as a command group. Returns the exit code; never prints a key or a
 * plaintext anywhere but stdout.
 */
export async function runSealCommand(argv: string[], io: SealCommandIO = processIO()): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'key-env': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr(`plugboard-seal: ${(error as Error).message}\n\n${SEAL_USAGE}`);
    return 2;
  }
  const [command, input] = parsed.positionals;
  if (parsed.values.help || !command) {
    (command ? io.stdout : io.stderr)(SEAL_USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const keyEnv = (parsed.values['key-env'] as string | undefined) ?? DEFAULT_SEALED_KEY_ENV;
  try {
    if (command === 'generate-key') {
      io.stdout(`${generateSealedKey()}\n`);
      return 0;
    }
    if (command !== 'encrypt' && command !== 'decrypt') {
      io.stderr(`plugboard-seal: unknown command "${command}".\n\n${SEAL_USAGE}`);
      return 2;
    }
    const key = io.environment[keyEnv];
    if (!key) {
      io.stderr(
        `plugboard-seal: ${keyEnv} is not set. Create a key with \`plugboard-seal generate-key\` and export it.\n`,
      );
      return 1;
    }
    const value = input ?? (await io.readStdin());
    io.stdout(`${command === 'encrypt' ? sealValue(value, key) : unsealValue(value, key)}\n`);
    return 0;
  } catch (error) {
    const message =
      error instanceof ConfigError ? error.message.replace(/^@plugboard\/config: /, '') : String(error);
    io.stderr(`plugboard-seal: ${message}\n`);
    return 1;
  }
}
