// Starts VS Code (code-server 4.100.3 from the cache, see installCodeServer.mjs) on loopback with
// a fresh user-data folder, optionally with a .vsix installed first. Used by `npm start` (the
// lessons for a person) and by the end-to-end tests (the lessons for an automated browser).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerBin, installCodeServer } from './installCodeServer.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** VS Code user settings for a quiet, offline, trusted-by-choice session. */
function writeUserSettings(userDataDir, settings) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'notebook.confirmDeleteRunningCell': false,
        ...settings,
      },
      null,
      2,
    ),
  );
}

/**
 * @param {{ folder: string, stateDir: string, vsix?: string, port?: number, settings?: object, trust?: boolean, log?: (s: string) => void }} options
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options) {
  installCodeServer();
  const userDataDir = join(options.stateDir, 'user-data');
  const extensionsDir = join(options.stateDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, options.settings ?? {});
  if (options.vsix) {
    execFileSync(codeServerBin, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', options.vsix, '--force'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  const port = options.port ?? (await freePort());
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.trust !== false) args.push('--disable-workspace-trust');
  args.push(options.folder);
  const child = spawn(codeServerBin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const log = options.log ?? (() => {});
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.folder)}`;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start on port ${port} within 60 s`)), 60_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      log(text);
      if (text.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with code ${code} before listening`));
    });
  });
  return {
    url,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
