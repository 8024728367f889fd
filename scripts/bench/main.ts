/**
 * `npm run bench`: Unrolled's training and sampling speed against tfjs-layers on the same backend,
 * in one process, the two taking turns after a warm-up (see timing.ts). Prints a table of medians
 * and ratios, or with `--json` one JSON object per measurement:
 *   {"name", "impl": "unrolled" | "tfjs-layers", "backend", "H", "B", "T", "V", "chars_per_s", ...}
 *
 * Options: --backend wasm|cpu (default wasm), --h 128,256,512 (default 128),
 * --only lstm-train,gru-train,rnn-train,lstm-sample (default all), --rounds N (default 5),
 * --fused auto|wasm|javascript|off (default auto: what runs Unrolled's fused kernels, or none).
 */
import { selectBackend, type BackendChoice } from '../../kernel/lib/backend';
import { fusedKernelInfo, setFusedKernels, type FusedMode } from '../../kernel/lib/fused/dispatch';
import { tf } from '../../kernel/lib/tf';
import { ourSampler, ourTrainer } from './ours';
import { peerSampler, peerTrainer } from './peers';
import { randomIds, type BenchShape, type CellName } from './shapes';
import { alternate, type Contender } from './timing';

interface Options {
  backend: BackendChoice;
  hidden: number[];
  only: string[];
  rounds: number;
  json: boolean;
  fused: FusedMode;
}

const benchmarks = ['lstm-train', 'gru-train', 'rnn-train', 'lstm-sample'] as const;
type BenchName = (typeof benchmarks)[number];
/** The targets on the default backend: training 10x tfjs-layers, sampling 5x; on cpu: not slower. */
const targets: Record<BenchName, number> = { 'lstm-train': 10, 'gru-train': 10, 'rnn-train': 10, 'lstm-sample': 5 };
const target = (name: BenchName, backend: string) => (backend === 'cpu' ? 1 : targets[name]);

function parse(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
    return argv[i + 1];
  };
  const known = new Set(['--backend', '--h', '--only', '--rounds', '--json', '--fused']);
  for (const arg of argv) if (arg.startsWith('--') && !known.has(arg)) throw new Error(`unknown option ${arg}; expected ${[...known].join(', ')}`);
  const backend = (value('--backend') ?? 'wasm') as BackendChoice;
  const hidden = (value('--h') ?? '128').split(',').map(Number);
  if (hidden.some((h) => !Number.isInteger(h) || h <= 0)) throw new Error(`--h must be positive integers separated by commas; got ${value('--h')}`);
  const only = (value('--only') ?? benchmarks.join(',')).split(',');
  for (const name of only) if (!(benchmarks as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark '${name}'; expected ${benchmarks.join(', ')}`);
  const rounds = Number(value('--rounds') ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer; got ${value('--rounds')}`);
  return { backend, hidden, only, rounds, json: argv.includes('--json'), fused: (value('--fused') ?? 'auto') as FusedMode };
}

interface Row {
  name: BenchName;
  H: number;
  peer: number;
  ours: number;
  path: string;
}

async function runOne(name: BenchName, H: number, options: Options): Promise<Row> {
  const shape: BenchShape = name === 'lstm-sample' ? { B: 1, T: 500, V: 65, H } : { B: 32, T: 50, V: 65, H };
  const cell = name.split('-')[0] as CellName;
  // the peer is so slow on cpu that one unit of work already takes seconds
  const timing = { warmup: 1, rounds: options.rounds, minSeconds: options.backend === 'cpu' ? 0.1 : 0.5 };
  let contenders: Contender[];
  let dispose: () => void;
  let path: () => string;
  if (name === 'lstm-sample') {
    const peer = peerSampler(cell, shape, 1);
    const ours = ourSampler(cell, shape, 1);
    contenders = [
      { name: 'tfjs-layers', run: () => peer.sample(shape.T).length },
      { name: 'unrolled', run: () => ours.sample(shape.T).length },
    ];
    path = () => ours.path();
    dispose = () => (peer.dispose(), ours.dispose());
  } else {
    const ids = randomIds(shape, 7);
    const peer = peerTrainer(cell, shape, ids);
    const ours = ourTrainer(cell, shape, ids, 3);
    contenders = [
      { name: 'tfjs-layers', run: () => peer.step() },
      { name: 'unrolled', run: () => ours.step() },
    ];
    path = () => ours.path();
    dispose = () => (peer.dispose(), ours.dispose());
  }
  const [peer, ours] = await alternate(contenders, timing);
  const row: Row = { name, H, peer: peer.median, ours: ours.median, path: path() };
  dispose();
  if (options.json) {
    const common = { name, backend: tf.getBackend(), H, B: shape.B, T: shape.T, V: shape.V };
    console.log(JSON.stringify({ ...common, impl: 'tfjs-layers', chars_per_s: Math.round(peer.median), rounds: peer.rates.map(Math.round) }));
    console.log(JSON.stringify({ ...common, impl: 'unrolled', chars_per_s: Math.round(ours.median), rounds: ours.rates.map(Math.round), path: row.path }));
  }
  return row;
}

export async function runBench(argv: string[]): Promise<void> {
  const options = parse(argv);
  const selection = await selectBackend(options.backend);
  setFusedKernels(options.fused);
  const info = fusedKernelInfo();
  const log = options.json ? () => undefined : (line: string) => console.log(line);
  log(`backend ${selection.name}; fused kernels: ${info.numerics} (${info.wasm}); ${options.rounds} alternating rounds, medians`);
  log(`${'benchmark'.padEnd(12)} ${'H'.padStart(4)}  ${'tfjs-layers'.padStart(12)}  ${'unrolled'.padStart(10)}  ${'ratio'.padStart(6)}  target  path`);
  for (const H of options.hidden) {
    for (const name of benchmarks) {
      if (!options.only.includes(name)) continue;
      const row = await runOne(name, H, options);
      const ratio = row.ours / row.peer;
      const goal = target(name, selection.name);
      const met = ratio >= goal ? 'met' : 'MISSED';
      log(`${name.padEnd(12)} ${String(H).padStart(4)}  ${row.peer.toFixed(0).padStart(12)}  ${row.ours.toFixed(0).padStart(10)}  ${ratio.toFixed(1).padStart(5)}x  ${String(goal).padStart(3)}x ${met.padEnd(6)} ${row.path}`);
    }
  }
  log('chars/s = characters trained on (or sampled) per second; training = forward + BPTT + Adam update, B=32 T=50 one-hot V=65');
}
