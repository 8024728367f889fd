// `npm run bench` (after `npm run build`): runs the bundled benchmark, out/scripts/bench/main.js.
// Options are documented in scripts/bench/main.ts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { runBench } = require('../out/scripts/bench/main.js');
runBench(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
