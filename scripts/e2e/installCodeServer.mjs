// Installs VS Code 1.100.3 as code-server 4.100.3 into a cache folder outside the clone, following
// the recipe verified on these machines (shared/notes/ENVIRONMENT.md): a plain `npm install
// code-server` fails here (root check, a missing header, ripgrep's download). Idempotent: a
// finished install leaves a marker file and later runs return at once.
// Usage: node scripts/e2e/installCodeServer.mjs  → prints the install folder.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const codeServerVersion = '4.100.3';
export const cacheRoot = process.env.UNROLLED_CACHE ?? join(homedir(), '.cache', 'unrolled');
export const installDir = join(cacheRoot, `code-server-${codeServerVersion}`);
export const codeServerBin = join(installDir, 'node_modules', '.bin', 'code-server');
const marker = join(installDir, '.installed');

/** Runs one install step, printing one line for it; npm's own output is shown only when the step fails. */
function sh(command, cwd) {
  console.log(`  ${command}`);
  try {
    execSync(command, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_yes: 'true' } });
  } catch (error) {
    process.stdout.write(error.stdout ?? '');
    process.stderr.write(error.stderr ?? '');
    throw new Error(`installing code-server failed at \`${command}\` in ${cwd} (its output is above)`);
  }
}

function link(target, path) {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

export function installCodeServer() {
  if (existsSync(marker)) return installDir;
  for (const tool of ['rg', 'pkg-config']) {
    try {
      execSync(`command -v ${tool}`, { stdio: 'ignore', shell: '/bin/bash' });
    } catch {
      throw new Error(`code-server needs '${tool}' (Debian packages: ripgrep, pkg-config, libkrb5-dev); install them first (see .ci/run)`);
    }
  }
  console.log(`Installing VS Code for the browser (code-server ${codeServerVersion}) into ${installDir}, once (a few minutes):`);
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'unrolled-code-server', private: true }));
  sh(`npm install code-server@${codeServerVersion} --ignore-scripts --no-audit --no-fund`, installDir);
  sh('npm rebuild argon2', installDir);
  const pkg = join(installDir, 'node_modules', 'code-server');
  const vscodeDir = join(pkg, 'lib', 'vscode');
  sh('npm install --omit=dev --ignore-scripts --no-audit --no-fund', vscodeDir);
  mkdirSync(join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin'), { recursive: true });
  link('/usr/bin/rg', join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  sh('npm rebuild', vscodeDir);
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  sh('npm install --omit=dev --no-audit --no-fund', join(vscodeDir, 'extensions'));
  writeFileSync(marker, new Date().toISOString() + '\n');
  return installDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(installCodeServer());
}
