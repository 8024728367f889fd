/**
 * `npm run test:vscode`: runs the extension API tests (test/vscode/suite) inside VS Code Desktop
 * with `@vscode/test-electron`, the extension loaded from this folder as a development extension.
 *
 * VS Code Desktop is downloaded on first use into the project's cache outside the clone (the same
 * cache the end-to-end suite installs code-server into). Where it cannot be downloaded (no
 * internet), this prints one line saying so and exits 0: the same behaviours are covered by the
 * end-to-end suite in real VS Code (code-server) in Chromium, `npm run test:e2e`:
 *   activation          every e2e test waits for the extension to activate (test/e2e/workbench.ts waitForExtension)
 *   serializer          basics.e2e.test.ts opens, runs and saves lesson 0; kernel.e2e.test.ts opens a malformed
 *                       .seqnb, sees the error with line and column, and checks the file is not overwritten;
 *                       the byte-for-byte round trip of the VS Code mapping is test/notebook/vscodeShape.test.ts
 *   cell execution      basics.e2e.test.ts and lessons.e2e.test.ts run every cell in the Unrolled kernel;
 *                       kernel.e2e.test.ts reads saved outputs, a later cell using an earlier cell's model, and
 *                       the error output after Restart Kernel ("model is not defined")
 * Once VS Code has been downloaded, any failure (tests failing, VS Code crashing) exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests, ProgressReportStage, type ProgressReport, type ProgressReporter } from '@vscode/test-electron';

/** The VS Code the extension targets (engines.vscode ^1.100.0), the same release the e2e suite runs as code-server. */
const vscodeVersion = '1.100.3';
/**
 * How long the download may take to start delivering bytes (or to find the cached copy). After
 * that the library's own idle timeout, the same length, catches a download that stalls.
 */
const downloadStartMs = 20_000;

/** The bundle runs from out/vscode, two levels below the repository root. */
const root = path.resolve(__dirname, '..', '..');
/** Same rule as scripts/e2e/installCodeServer.mjs, so both suites share one cache folder. */
const cacheRoot = process.env.UNROLLED_CACHE ?? path.join(homedir(), '.cache', 'unrolled');
const suiteIndex = path.join(root, 'out', 'vscode', 'suite', 'index.js');
const fixtures = path.join(root, 'test', 'vscode', 'fixtures');
const builtFiles = ['dist/extension/extension.js', 'dist/kernel/kernel.js', 'out/vscode/suite/index.js'];

/** Reports when the download has started (or was not needed) and remembers the last error. */
class StartWatch implements ProgressReporter {
  lastError: unknown;
  private markStarted: () => void = () => undefined;
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  report(report: ProgressReport): void {
    if (report.stage === ProgressReportStage.Retrying) this.lastError = report.error;
    if (report.stage === ProgressReportStage.FoundMatchingInstall || (report.stage === ProgressReportStage.Downloading && report.bytesSoFar > 0)) this.markStarted();
  }

  error(err: unknown): void {
    this.lastError = err;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || 'no reason given';
}

/** Resolves to VS Code's executable, or to the reason it could not be downloaded. */
async function downloadVsCode(): Promise<{ executable: string } | { reason: string }> {
  const watch = new StartWatch();
  const download = downloadAndUnzipVSCode({ version: vscodeVersion, cachePath: path.join(cacheRoot, 'vscode-desktop'), reporter: watch, timeout: downloadStartMs });
  let timer: NodeJS.Timeout | undefined;
  const notStarted = new Promise<'not started'>((resolve) => (timer = setTimeout(() => resolve('not started'), downloadStartMs)));
  try {
    const first = await Promise.race([download, watch.started, notStarted]);
    if (first === 'not started') return { reason: `no download started within ${downloadStartMs / 1000} s` };
    clearTimeout(timer);
    return { executable: await download };
  } catch (error) {
    // The library wraps the network error in a generic one; the reporter saw the real cause.
    const generic = firstLine(error);
    return { reason: watch.lastError !== undefined && generic.startsWith('Failed to download') ? firstLine(watch.lastError) : generic };
  } finally {
    clearTimeout(timer);
  }
}

/** Electron needs a display; on a headless Linux machine the run goes through xvfb-run. */
function needsVirtualDisplay(): boolean {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
}

async function runSuite(executable: string): Promise<number> {
  const missing = builtFiles.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length) {
    console.error(`test:vscode: ${missing.join(', ')} missing; run \`npm run build\` first`);
    return 2;
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'unrolled-vscode-test-'));
  const workspace = path.join(scratch, 'workspace');
  try {
    mkdirSync(workspace);
    copyFileSync(path.join(fixtures, 'saved-outputs.seqnb'), path.join(workspace, 'saved-outputs.seqnb'));
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
    });
  } catch (error) {
    console.error(`test:vscode: the extension API tests failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const downloaded = await downloadVsCode();
  if ('reason' in downloaded) {
    console.log(
      `VS Code Desktop could not be downloaded (${downloaded.reason}); the extension API tests were skipped — the same behaviours are covered by the end-to-end suite (npm run test:e2e).`,
    );
    return 0;
  }
  if (needsVirtualDisplay() && !process.env.UNROLLED_UNDER_XVFB) {
    const run = spawnSync('xvfb-run', ['-a', process.execPath, __filename], { stdio: 'inherit', env: { ...process.env, UNROLLED_UNDER_XVFB: '1' } });
    if (run.error) {
      console.error(`test:vscode: VS Code Desktop needs a display and xvfb-run could not be started (${run.error.message}); install xvfb or set DISPLAY`);
      return 1;
    }
    return run.status ?? 1;
  }
  return runSuite(downloaded.executable);
}

// process.exit, not a return: a download that never started still holds its socket open.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
