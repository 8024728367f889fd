/**
 * The mocha runner VS Code's extension test host calls (`--extensionTestsPath` points at this
 * bundle): runs every `*.test.js` bundled next to it and rejects when any test fails.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 30_000 });
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files next to ${__filename}: build them with \`node scripts/build.mjs --only=vscode\``));
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension API test(s) failed`)) : resolve()));
  });
}
