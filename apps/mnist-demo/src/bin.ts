#!/usr/bin/env node
/** Entry point of the `typetorch-mnist` command. */
import { main } from './cli.js';

// Run through a package script (`pnpm demo`, `pnpm start`), paths on the command line are relative to
// where the user typed the command, not to this package's directory.
if (process.env.INIT_CWD && /^(start|demo)$/.test(process.env.npm_lifecycle_event ?? '')) {
  process.chdir(process.env.INIT_CWD);
}

// `pnpm demo -- ARGS` passes the `--` separators through (pnpm 10): drop leading ones.
const argv = process.argv.slice(2);
while (argv[0] === '--') argv.shift();
process.exitCode = await main(argv);
