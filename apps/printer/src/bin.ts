import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`printer-host: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
