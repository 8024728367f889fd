import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelClient } from '../../kernel/host/kernelClient';
import { kernelEnvironment } from '../../kernel/host/kernelEnvironment';
import { defaultKernelPath } from '../../kernel/host/kernelProcess';
import { describeExit } from '../../kernel/host/kernelTransport';
import { onEachBackend, repoRoot, runCell } from './harness';

test('the kernel bundle is found above the calling bundle without being told where it is', () => {
  assert.equal(defaultKernelPath(join(repoRoot(), 'dist', 'extension')), join(repoRoot(), 'dist', 'kernel', 'kernel.js'));
  assert.equal(defaultKernelPath(join(repoRoot(), 'out', 'test', 'kernel')), join(repoRoot(), 'dist', 'kernel', 'kernel.js'));
});

test('a kernel asked for an unknown backend fails to start and says which names are valid', async () => {
  const log: string[] = [];
  await assert.rejects(
    KernelClient.start({ cwd: repoRoot(), backend: 'gpu', log: (line) => log.push(line) }),
    /exited \(exit code 1\) before it was ready:[\s\S]*UNROLLED_BACKEND is 'gpu'; expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu/,
  );
});

test('an ended kernel is described by what ended it: a process.exit call, a Node exit code or a signal', () => {
  assert.equal(describeExit({ code: 3, signal: null, exitCalled: { argument: '3', caller: 'cell 2:4:9' } }), 'exit code 3: process.exit(3) was called at cell 2:4:9');
  assert.equal(describeExit({ code: 0, signal: null, exitCalled: { argument: '' } }), 'exit code 0: process.exit() was called');
  const crashes = [
    [{ code: 7, signal: null }, /^exit code 7, which Node uses when an 'uncaughtException' or 'unhandledRejection' handler itself threw$/],
    [{ code: 5, signal: null }, /^exit code 5, .*V8 hit a fatal error/],
    [{ code: 1, signal: null }, /^exit code 1$/],
    [{ code: null, signal: 'SIGKILL' }, /^killed by SIGKILL/],
    [{ code: null, signal: 'SIGSEGV' }, /^crashed \(SIGSEGV\) in native code/],
    [{ code: null, signal: 'SIGABRT' }, /^aborted \(SIGABRT\)/],
    [{ code: null, signal: 'SIGTERM' }, /^stopped by SIGTERM/],
  ] as const;
  for (const [exit, meaning] of crashes) {
    assert.match(describeExit(exit), meaning);
    assert.doesNotMatch(describeExit(exit), /process\.exit/, 'only a call the kernel saw is reported as one');
  }
});

test('the kernel environment keeps what Node, the backends and cells need and drops everything else', () => {
  const host = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/learner',
    LANG: 'de_DE.UTF-8',
    LC_NUMERIC: 'de_DE.UTF-8',
    TZ: 'Europe/Berlin',
    NODE_OPTIONS: '--max-old-space-size=8192',
    UNROLLED_CODE_CACHE: '0',
    XDG_CACHE_HOME: '/home/learner/.cache',
    GITHUB_TOKEN: 'ghp_notARealToken',
    AWS_SECRET_ACCESS_KEY: 'not-a-real-key',
    VSCODE_IPC_HOOK: '/run/user/1000/vscode-ipc.sock',
    OPENAI_API_KEY: 'sk-not-real',
    PATHOLOGICAL: 'not PATH',
    XLC_ALL: 'not a locale variable',
  };
  assert.deepEqual(kernelEnvironment(host, 'linux'), {
    PATH: '/usr/bin:/bin',
    HOME: '/home/learner',
    LANG: 'de_DE.UTF-8',
    LC_NUMERIC: 'de_DE.UTF-8',
    TZ: 'Europe/Berlin',
    NODE_OPTIONS: '--max-old-space-size=8192',
    UNROLLED_CODE_CACHE: '0',
    XDG_CACHE_HOME: '/home/learner/.cache',
  });
  // Windows spells them as it likes and compares without case; elsewhere `Path` is another variable.
  const windows = { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', ComSpec: 'cmd.exe', GitHub_Token: 'ghp_notARealToken' };
  assert.deepEqual(kernelEnvironment(windows, 'win32'), { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', ComSpec: 'cmd.exe' });
  assert.deepEqual(kernelEnvironment(windows, 'linux'), {});
});

onEachBackend((backend) => {
  test('a secret in the host environment does not reach the kernel, while PATH and HOME do', async () => {
    const planted = { GITHUB_TOKEN: 'ghp_plantedByTheKernelTest', AWS_SECRET_ACCESS_KEY: 'planted-by-the-kernel-test' };
    const saved = Object.fromEntries(Object.keys(planted).map((name) => [name, process.env[name]]));
    Object.assign(process.env, planted);
    let client: KernelClient | undefined;
    try {
      client = await KernelClient.start({ cwd: repoRoot(), backend, log: () => undefined });
      const run = await runCell(client, 'JSON.stringify([process.env.GITHUB_TOKEN ?? null, process.env.AWS_SECRET_ACCESS_KEY ?? null, process.env.PATH, process.env.HOME, Object.keys(process.env).some((name) => /TOKEN|SECRET/.test(name))])');
      assert.deepEqual(JSON.parse(run.result ?? ''), [null, null, process.env.PATH, process.env.HOME, false]);
    } finally {
      await client?.dispose();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('a kernel whose working directory does not exist fails to start with the reason', async () => {
    const missing = join(repoRoot(), 'no-such-folder-for-kernel-test');
    await assert.rejects(KernelClient.start({ cwd: missing, backend, log: () => undefined }), /could not be started[\s\S]*ENOENT/);
  });

  test('the kernel process writes its own diagnostics to the log callback, not to cells', async () => {
    const log: string[] = [];
    const client = await KernelClient.start({ cwd: repoRoot(), backend, log: (line) => log.push(line) });
    assert.ok(log.some((line) => line.startsWith('stderr: kernel loader: ')), log.join('\n'));
    // The cpu backend prints its one-time advice about tfjs-node when it first holds a tensor; the kernel makes that tensor at start.
    if (backend === 'cpu') assert.ok(log.some((line) => line.includes('looks like you are running TensorFlow.js in Node.js')), log.join('\n'));
    const run = await runCell(client, 'import { tf } from "unrolled";\ntf.tensor1d([1]).dispose();\n"made a tensor"');
    assert.equal(run.stderr, '');
    assert.equal(run.result, 'made a tensor');
    await client.dispose();
    await assert.rejects(client.execute('1', { executionCount: 1, cellLabel: 'cell 1', onMessage: () => undefined }), /disposed/);
  });

  test('the kernel writes a code cache after its first start and the next start uses it', async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'unrolled-cache-test-'));
    const cacheFolder = join(cacheHome, 'unrolled', 'kernel-code-cache');
    const start = async () => {
      const log: string[] = [];
      const client = await KernelClient.start({ cwd: repoRoot(), backend, env: { XDG_CACHE_HOME: cacheHome }, log: (line) => log.push(line) });
      return { client, log };
    };
    try {
      const first = await start();
      assert.ok(first.log.some((line) => line.includes('no code cache yet')), first.log.join('\n'));
      const written = () => existsSync(cacheFolder) && readdirSync(cacheFolder).some((name) => name.endsWith('.cache'));
      for (let polls = 0; !written() && polls < 300; polls++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(written(), `no code cache was written to ${cacheFolder}:\n${first.log.join('\n')}`);
      await first.client.dispose();
      const second = await start();
      assert.ok(second.log.some((line) => line.includes('started from the code cache')), second.log.join('\n'));
      assert.equal((await runCell(second.client, '[1, 2].map((x) => x * 21)')).result, '[ 21, 42 ]');
      await second.client.dispose();
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });
});
