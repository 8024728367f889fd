#!/usr/bin/env node
// Launcher for the headless lesson runner (`unrolled run LESSON.seqnb`); the runner itself is the
// bundle dist/cli/cli.js, built from kernel/cli/cli.ts by `npm run build`.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'cli.js');
if (!existsSync(bundle)) {
  process.stderr.write(`unrolled: the runner is not built (${bundle} is missing); run \`npm run build\` first.\n`);
  process.exit(1);
}
require(bundle)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`unrolled: ${error && error.stack ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
