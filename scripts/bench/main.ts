/**
 * `npm run bench`: Unrolled's training and sampling speed against its peers, the contenders of
 * one shape taking turns round by round after a warm-up (see timing.ts), so a slow minute on a
 * shared machine hurts them alike. Peers: tfjs-layers on the same backend in this process (with
 * `recurrentActivation: 'sigmoid'`, so both run the same model), and PyTorch (`--peer torch`, in a
 * Python that imports torch; see torchPeer.ts) with 1 thread, 2 threads, and 2 threads with
 * OMP_WAIT_POLICY=PASSIVE. Prints a table of medians and ratios (to tfjs-layers, and to the best
 * torch figure), then the gemm alone in GFLOP/s; or with `--json` one JSON object per row.
 *
 * Options: --backend wasm|cpu (default wasm), --h 128,256,512 (default 128), --batch 8,32,64
 * (training batch sizes, default 32; sampling is always batch 1), --only
 * lstm-train,gru-train,rnn-train,lstm-sample,gemm (default all), --peer tfjs,torch (default tfjs),
 * --rounds N (default 5), --fused auto|wasm|javascript|off (default auto), --threads 1,2 (the
 * fused kernels' thread counts to time, each its own contender; default: the library's default),
 * --quick (3 shorter rounds, and tfjs-layers, 10-40x slower than the others, timed only at H=128).
 * Ratios compare the best Unrolled figure with tfjs-layers and with the best torch figure.
 */
import { selectBackend, type BackendChoice } from '../../kernel/lib/backend';
import { fusedKernelInfo, setFusedKernels, setFusedThreads, type FusedMode } from '../../kernel/lib/fused/dispatch';
import { tf } from '../../kernel/lib/tf';
import { parseFlags } from './args';
import { gemmBuilds, gemmShapes, ourGemm } from './gemmBench';
import { ourSampler, ourTrainer } from './ours';
import { peerSampler, peerTrainer } from './peers';
import { randomIds, type BenchShape, type CellName } from './shapes';
import { alternate, median, type Contender } from './timing';
import { blasName, findTorchPython, settingLabel, torchSettings, TorchPeer } from './torchPeer';

const benchmarks = ['lstm-train', 'gru-train', 'rnn-train', 'lstm-sample', 'gemm'] as const;
type BenchName = (typeof benchmarks)[number];

interface Options {
  backend: BackendChoice;
  hidden: number[];
  batches: number[];
  only: BenchName[];
  peers: ('tfjs' | 'torch')[];
  rounds: number;
  minSeconds: number;
  quick: boolean;
  /** Thread counts to time Unrolled with; empty: the library's default only. */
  threads: number[];
  json: boolean;
  fused: FusedMode;
}

function list(flag: string, text: string, allowed?: readonly string[]): string[] {
  const items = text.split(',');
  for (const item of items) if (allowed && !allowed.includes(item)) throw new Error(`${flag}: unknown '${item}'; expected ${allowed.join(', ')}`);
  return items;
}

function positive(flag: string, text: string): number[] {
  const values = text.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${flag} must be positive integers separated by commas; got ${text}`);
  return values;
}

function parse(argv: string[]): Options {
  const flags = parseFlags(argv, ['--backend', '--h', '--batch', '--only', '--peer', '--rounds', '--json', '--fused', '--quick', '--threads']);
  const quick = flags.has('--quick');
  return {
    backend: flags.value('--backend', 'wasm') as BackendChoice,
    hidden: positive('--h', flags.value('--h', '128')),
    batches: positive('--batch', flags.value('--batch', '32')),
    only: list('--only', flags.value('--only', benchmarks.join(',')), benchmarks) as BenchName[],
    peers: list('--peer', flags.value('--peer', 'tfjs'), ['tfjs', 'torch']) as Options['peers'],
    rounds: flags.count('--rounds', quick ? '3' : '5'),
    minSeconds: quick ? 0.3 : 0.5,
    quick,
    threads: flags.has('--threads') ? positive('--threads', flags.value('--threads', '1')) : [],
    json: flags.has('--json'),
    fused: flags.value('--fused', 'auto') as FusedMode,
  };
}

/** Unrolled's contenders: one per thread count asked for, each setting the thread count before it runs. */
function ourContenders(options: Options, run: () => number): Contender[] {
  if (options.threads.length === 0) return [{ name: 'unrolled', run }];
  return options.threads.map((n) => ({ name: `unrolled ${n}t`, run: () => (setFusedThreads(n), run()) }));
}

const ourNames = (options: Options) => (options.threads.length === 0 ? ['unrolled'] : options.threads.map((n) => `unrolled ${n}t`));

/** Median chars/s per contender name. */
type Row = { name: BenchName; H: number; B: number; path: string; rates: Record<string, number> };

async function runShape(name: BenchName, shape: BenchShape, options: Options, torch: TorchPeer | undefined): Promise<Row> {
  const cell = name.split('-')[0] as CellName;
  const timing = { warmup: 1, rounds: options.rounds, minSeconds: options.backend === 'cpu' ? 0.1 : options.minSeconds };
  const withTfjs = options.peers.includes('tfjs') && !(options.quick && shape.H !== 128);
  const contenders: Contender[] = [];
  let path: () => string;
  const disposers: (() => void)[] = [];
  if (name === 'lstm-sample') {
    const ours = ourSampler(cell, shape, 1);
    contenders.push(...ourContenders(options, () => ours.sample(shape.T).length));
    if (withTfjs) {
      const peer = peerSampler(cell, shape, 1);
      contenders.push({ name: 'tfjs-layers', run: () => peer.sample(shape.T).length });
      disposers.push(() => peer.dispose());
    }
    path = () => ours.path();
    disposers.push(() => ours.dispose());
  } else {
    const ids = randomIds(shape, 7);
    const ours = ourTrainer(cell, shape, ids, 3);
    contenders.push(...ourContenders(options, () => ours.step()));
    if (withTfjs) {
      const peer = peerTrainer(cell, shape, ids);
      contenders.push({ name: 'tfjs-layers', run: () => peer.step() });
      disposers.push(() => peer.dispose());
    }
    if (torch) {
      const request = { op: 'train', cell, ...shape, rounds: 1 };
      for (const setting of torchSettings) {
        const measure = async (minSeconds: number) => (await torch.measure(setting, { ...request, min_seconds: minSeconds }))[0];
        contenders.push({ name: settingLabel(setting), run: () => measure(0.05), measure });
      }
    }
    path = () => ours.path();
    disposers.push(() => ours.dispose());
  }
  const timings = await alternate(contenders, timing);
  const row: Row = { name, H: shape.H, B: shape.B, path: path(), rates: Object.fromEntries(timings.map((t) => [t.name, t.median])) };
  for (const dispose of disposers) dispose();
  if (options.json) {
    for (const t of timings) console.log(JSON.stringify({ name, backend: tf.getBackend(), ...shape, impl: t.name, chars_per_s: Math.round(t.median), rounds: t.rates.map(Math.round) }));
  }
  return row;
}

const fmt = (v: number | undefined, width: number) => (v === undefined ? '-' : v.toFixed(0)).padStart(width);
const ratio = (a: number, b: number | undefined) => (b === undefined ? '-' : `${(a / b).toFixed(2)}x`);

export async function runBench(argv: string[]): Promise<void> {
  const options = parse(argv);
  const selection = await selectBackend(options.backend);
  setFusedKernels(options.fused);
  const info = fusedKernelInfo();
  const log = options.json ? () => undefined : (line: string) => console.log(line);
  log(`backend ${selection.name}; fused kernels: ${info.numerics} (${info.wasm}), ${info.threads} thread(s) by default${info.threadNote ? ` (${info.threadNote})` : ''}; ${options.rounds} alternating rounds, medians`);
  let torch: TorchPeer | undefined;
  if (options.peers.includes('torch')) {
    const found = findTorchPython();
    if ('missing' in found) log(`torch peer skipped: ${found.missing}`);
    else {
      torch = new TorchPeer(found.python);
      const t = await torch.info();
      log(`torch ${t.version} (${t.python}); BLAS: ${blasName(t.blas)}`);
    }
  }
  const torchNames = torch ? torchSettings.map(settingLabel) : [];
  const columns = [...ourNames(options), 'tfjs-layers', ...torchNames];
  log(`${'benchmark'.padEnd(12)} ${'H'.padStart(4)} ${'B'.padStart(3)}  ${columns.map((c) => c.padStart(c.length < 10 ? 10 : c.length)).join(' ')}  vs tfjs  vs best torch  path`);
  try {
    for (const H of options.hidden) {
      for (const name of options.only) {
        if (name === 'gemm') continue;
        const batches = name === 'lstm-sample' ? [1] : options.batches;
        for (const B of batches) {
          const shape: BenchShape = name === 'lstm-sample' ? { B: 1, T: 500, V: 65, H } : { B, T: 50, V: 65, H };
          const row = await runShape(name, shape, options, torch);
          const ours = Math.max(...ourNames(options).map((n) => row.rates[n]));
          const bestTorch = torchNames.length ? Math.max(...torchNames.map((n) => row.rates[n] ?? 0)) : undefined;
          const cells = columns.map((c) => fmt(row.rates[c], c.length < 10 ? 10 : c.length)).join(' ');
          log(`${name.padEnd(12)} ${String(H).padStart(4)} ${String(shape.B).padStart(3)}  ${cells}  ${ratio(ours, row.rates['tfjs-layers']).padStart(7)}  ${ratio(ours, bestTorch || undefined).padStart(12)}  ${row.path}`);
        }
      }
    }
    if (options.only.includes('gemm')) await gemmTable(options, torch, log);
  } finally {
    torch?.close();
  }
  log('chars/s = characters trained on (or sampled) per second; training = forward + BPTT + Adam update, T=50 one-hot V=65; sampling B=1, 500 characters');
}

async function gemmTable(options: Options, torch: TorchPeer | undefined, log: (line: string) => void): Promise<void> {
  const builds = gemmBuilds();
  log(`gemm alone, GFLOP/s (2·M·N·K per product), median of ${options.rounds}; unrolled's wasm builds: relaxed = FMA, simd128 = multiply + add`);
  log(`${'product'.padEnd(24)} ${'M'.padStart(5)} ${'N'.padStart(5)} ${'K'.padStart(5)}  ${builds.map(([b]) => b.padStart(9)).join('  ')}  ${torch ? 'torch.mm 1t'.padStart(11) : ''}`);
  const seen = new Set<string>();
  for (const H of options.hidden) {
    for (const shape of gemmShapes(H, options.batches.includes(32) ? 32 : options.batches[0])) {
      const key = `${shape.M}x${shape.N}x${shape.K}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ours = builds.map(([, num]) => ourGemm(num, shape, options.rounds, options.minSeconds / 2));
      const theirs = torch ? median(await torch.measure(torchSettings[0], { op: 'gemm', ...shape, rounds: options.rounds, min_seconds: options.minSeconds / 2 })) : undefined;
      if (options.json) console.log(JSON.stringify({ name: 'gemm', ...shape, unrolled_gflops: Object.fromEntries(builds.map(([b], k) => [b, ours[k]])), torch_gflops: theirs }));
      const cells = ours.map((g) => g.toFixed(1).padStart(9)).join('  ');
      log(`${shape.what.padEnd(24)} ${String(shape.M).padStart(5)} ${String(shape.N).padStart(5)} ${String(shape.K).padStart(5)}  ${cells}  ${theirs === undefined ? '' : theirs.toFixed(1).padStart(11)}`);
    }
  }
}
