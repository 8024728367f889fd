// Runs the bundled tests with node's built-in runner, one file at a time (the machine has 2
// cores and several tests start processes or browsers).
//   node scripts/runTests.mjs unit   every out/test/** test except the end-to-end suite
//   node scripts/runTests.mjs e2e    out/test/e2e/**: real VS Code (code-server) in Chromium
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = join(root, 'out', 'test');
const suite = process.argv[2];
if (suite !== 'unit' && suite !== 'e2e') {
  console.error(`usage: node scripts/runTests.mjs unit|e2e (got '${suite ?? ''}')`);
  process.exit(2);
}
if (!existsSync(testRoot)) {
  console.error('out/test is missing: run `npm run build` first');
  process.exit(2);
}
const dirs = readdirSync(testRoot, { withFileTypes: true })
  .filter((d) => d.isDirectory() && (suite === 'e2e') === (d.name === 'e2e'))
  .map((d) => join('out', 'test', d.name));
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...process.argv.slice(3), ...dirs], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
