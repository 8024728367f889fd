/**
 * The PyTorch peer: `torchPeer.py` in a Python that can `import torch`, one long-lived process per
 * OpenMP wait policy (libgomp reads OMP_WAIT_POLICY once, when torch loads), answering one JSON
 * request per line. Which Python: $UNROLLED_PYTHON, else Debian's /usr/bin/python3 (where
 * `apt-get install python3-torch` puts torch), else `python3` on PATH.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** One way of running torch: its thread count and, for 2 threads, libgomp's wait policy. */
export interface TorchSetting {
  threads: number;
  /** `PASSIVE` makes idle OpenMP threads sleep instead of spinning (libgomp spins by default). */
  waitPolicy: 'default' | 'PASSIVE';
}

export const torchSettings: TorchSetting[] = [
  { threads: 1, waitPolicy: 'default' },
  { threads: 2, waitPolicy: 'default' },
  { threads: 2, waitPolicy: 'PASSIVE' },
];

export const settingLabel = (s: TorchSetting) => `torch ${s.threads}t${s.waitPolicy === 'PASSIVE' ? ' passive' : ''}`;

export interface TorchInfo {
  python: string;
  version: string;
  /** Paths of the BLAS libraries mapped into the process (`/proc/self/maps`). */
  blas: string[];
}

type Answer = { error?: string; rates?: number[]; version?: string; blas?: string[] };

function findScript(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'scripts', 'bench', 'torchPeer.py');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`torchPeer.py not found above ${from}`);
  }
}

/** The first Python that imports torch, or the reason none does. */
export function findTorchPython(): { python: string } | { missing: string } {
  const candidates = [process.env.UNROLLED_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) return { python };
  }
  return { missing: `no Python here imports torch (tried ${candidates.join(', ')}; Debian: apt-get install -y python3-torch libopenblas0-pthread)` };
}

class TorchProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: ((answer: Answer) => void)[] = [];

  constructor(python: string, waitPolicy: TorchSetting['waitPolicy']) {
    const env = { ...process.env };
    if (waitPolicy === 'PASSIVE') env.OMP_WAIT_POLICY = 'PASSIVE';
    else delete env.OMP_WAIT_POLICY;
    this.child = spawn(python, [findScript()], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.pending.shift()?.(JSON.parse(line) as Answer));
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[torch] ${d}`));
    this.child.on('exit', (code) => {
      for (const resolve of this.pending.splice(0)) resolve({ error: `torch process exited with code ${code}` });
    });
  }

  ask(request: object): Promise<Answer> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

export class TorchPeer {
  private readonly processes = new Map<string, TorchProcess>();

  constructor(readonly python: string) {}

  private process(waitPolicy: TorchSetting['waitPolicy']): TorchProcess {
    let p = this.processes.get(waitPolicy);
    if (!p) this.processes.set(waitPolicy, (p = new TorchProcess(this.python, waitPolicy)));
    return p;
  }

  async info(): Promise<TorchInfo> {
    const a = await this.process('default').ask({ op: 'info' });
    if (a.error) throw new Error(`torch peer: ${a.error}`);
    return { python: this.python, version: a.version ?? '?', blas: a.blas ?? [] };
  }

  /** Rates (chars/s or GFLOP/s) per round, or the error torch reported. */
  async measure(setting: TorchSetting, request: object): Promise<number[]> {
    const a = await this.process(setting.waitPolicy).ask({ ...request, threads: setting.threads });
    if (a.error || !a.rates) throw new Error(`torch peer: ${a.error ?? 'no rates in its answer'}`);
    return a.rates;
  }

  close(): void {
    for (const p of this.processes.values()) p.close();
  }
}

/** A short name for the BLAS torch loaded: OpenBLAS, MKL, or Debian's slow reference BLAS. */
export function blasName(paths: string[]): string {
  if (paths.some((p) => /openblas/i.test(p))) return `OpenBLAS (${paths.join(', ')})`;
  if (paths.some((p) => /mkl/i.test(p))) return `MKL (${paths.join(', ')})`;
  if (paths.length === 0) return 'no BLAS library mapped (statically linked?)';
  return `reference BLAS, about 10x slower: apt-get install libopenblas0-pthread (${paths.join(', ')})`;
}
