/**
 * Kernel speed: start time (fork → ready, as the host sees it; cold without the kernel's code cache
 * and warm with it) and the round trip of a trivial cell (execute → done, with its result), through
 * the real `KernelClient` and the built kernel.
 * Targets from the issue: start under 1.5 s, round trip median under 20 ms.
 *
 *   node out/scripts/bench/kernelRoundTrip.js [--backend cpu,wasm] [--starts 5] [--cells 200] [--json]
 *
 * Build first: node scripts/build.mjs --only=kernel,bench
 */
import { KernelClient } from '../../kernel/host/kernelClient';
import { parseFlags } from './args';
import { median } from './timing';

interface Options {
  backends: string[];
  starts: number;
  cells: number;
  json: boolean;
}

const targets = { startMs: 1500, roundTripMs: 20 };

function parse(argv: string[]): Options {
  const flags = parseFlags(argv, ['--backend', '--starts', '--cells', '--json']);
  return { backends: flags.value('--backend', 'cpu,wasm').split(','), starts: flags.count('--starts', '5'), cells: flags.count('--cells', '200'), json: flags.has('--json') };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface Row {
  backend: string;
  /** Without the code cache: the first start after a new build or Node version. */
  coldStartMedianMs: number;
  startMedianMs: number;
  startMaxMs: number;
  roundTripMedianMs: number;
  roundTripP90Ms: number;
}

/** Median start time over `count` starts; `cold` turns the kernel's code cache off. */
async function startTimes(backend: string, count: number, cold: boolean): Promise<number> {
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const client = await KernelClient.start({ cwd: process.cwd(), backend, log: () => undefined, env: cold ? { UNROLLED_CODE_CACHE: '0' } : {} });
    starts.push(performance.now() - started);
    await client.dispose();
  }
  return median(starts);
}

async function measureBackend(backend: string, options: Options): Promise<Row> {
  const coldStartMedianMs = await startTimes(backend, options.starts, true);
  // One kernel that lives long enough to write the code cache, so the warm starts below use it.
  const first = await KernelClient.start({ cwd: process.cwd(), backend, log: () => undefined });
  await first.execute('await new Promise((resolve) => setTimeout(resolve, 3000))', { executionCount: 0, cellLabel: 'bench', onMessage: () => undefined });
  await first.dispose();
  const starts: number[] = [];
  let client: KernelClient | undefined;
  for (let i = 0; i < options.starts; i++) {
    await client?.dispose();
    const started = performance.now();
    client = await KernelClient.start({ cwd: process.cwd(), backend, log: () => undefined });
    starts.push(performance.now() - started);
  }
  const kernel = client!;
  const trips: number[] = [];
  // A few untimed cells first, so the first compilations of the transformer are not counted.
  for (let i = -10; i < options.cells; i++) {
    const started = performance.now();
    let result: unknown;
    const outcome = await kernel.execute(`${i} + 1`, { executionCount: i, cellLabel: 'bench', onMessage: (m) => m.type === 'result' && (result = m.data['text/plain']) });
    const elapsed = performance.now() - started;
    if (outcome.status !== 'ok' || result !== String(i + 1)) throw new Error(`trivial cell failed: ${JSON.stringify(outcome)} result ${String(result)}`);
    if (i >= 0) trips.push(elapsed);
  }
  await kernel.dispose();
  return {
    backend: kernel.backend.name,
    coldStartMedianMs,
    startMedianMs: median(starts),
    startMaxMs: Math.max(...starts),
    roundTripMedianMs: median(trips),
    roundTripP90Ms: quantile(trips, 0.9),
  };
}

export async function runKernelRoundTrip(argv: string[]): Promise<Row[]> {
  const options = parse(argv);
  const rows: Row[] = [];
  for (const backend of options.backends) rows.push(await measureBackend(backend, options));
  if (options.json) {
    for (const row of rows) console.log(JSON.stringify({ name: 'kernel', ...row, starts: options.starts, cells: options.cells }));
    return rows;
  }
  const fmt = (ms: number) => ms.toFixed(1).padStart(8);
  console.log(`kernel start (${options.starts} starts) and trivial-cell round trip (${options.cells} cells); targets: start < ${targets.startMs} ms, round trip median < ${targets.roundTripMs} ms`);
  console.log('backend   cold start  start median  start max  trip median  trip p90   (cold: no code cache, first start after a build)');
  for (const r of rows) {
    const ok = r.startMedianMs < targets.startMs && r.roundTripMedianMs < targets.roundTripMs ? 'meets targets' : 'MISSES a target';
    console.log(`${r.backend.padEnd(9)} ${fmt(r.coldStartMedianMs)} ms ${fmt(r.startMedianMs)} ms ${fmt(r.startMaxMs)} ms ${fmt(r.roundTripMedianMs)} ms ${fmt(r.roundTripP90Ms)} ms  ${ok}`);
  }
  return rows;
}

if (require.main === module) {
  runKernelRoundTrip(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
