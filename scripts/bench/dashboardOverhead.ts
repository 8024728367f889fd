/**
 * What the live training dashboard costs: the same `fit` run in a real kernel process, with and
 * without a dashboard pushing itself into a display output on every progress report, the two
 * taking turns. Reports the median slowdown of training and the updates per second the host
 * received. Targets from the issue: at least 10 updates a second, training slowed by at most 5%.
 *
 *   node out/scripts/bench/dashboardOverhead.js [--backend wasm] [--rounds 5] [--steps 60] [--json]
 *
 * Build first: node scripts/build.mjs --only=kernel,bench
 */
import { KernelClient } from '../../kernel/host/kernelClient';
import type { KernelMessage } from '../../kernel/protocol/messages';
import { parseFlags } from './args';
import { median } from './timing';

interface Options {
  backend: string;
  rounds: number;
  steps: number;
  json: boolean;
}

const targets = { updatesPerSecond: 10, slowdown: 0.05 };

function parse(argv: string[]): Options {
  const flags = parseFlags(argv, ['--backend', '--rounds', '--steps', '--json']);
  return { backend: flags.value('--backend', 'wasm'), rounds: flags.count('--rounds', '5'), steps: flags.count('--steps', '60'), json: flags.has('--json') };
}

/** The lesson 4 model and batch shape: LSTM, H=128, one-hot V=65, B=32, T=50, seeded random text. */
const setup = `
import { LanguageModel, fit, show } from "unrolled";
const model = new LanguageModel({ vocabSize: 65, hiddenSize: 128, cell: "lstm", seed: 1 });
let seed = 7;
const nextId = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 65);
const data = Array.from({ length: 256 }, () => Array.from({ length: 51 }, nextId));`;

const plainRun = (steps: number) =>
  `const started = performance.now();
await fit(model, data, { maxSteps: ${steps}, batchSize: 32 });
performance.now() - started`;

const dashboardRun = (steps: number) =>
  `const dash = show.dashboard({ title: "bench" });
dash.attach(display(dash));
const started = performance.now();
await fit(model, data, { maxSteps: ${steps}, batchSize: 32, progressEvery: 1, onProgress: dash.onProgress });
dash.finish();
performance.now() - started`;

interface Run {
  ms: number;
  updates: number;
}

async function timedCell(kernel: KernelClient, code: string, count: number): Promise<Run> {
  let result: string | undefined;
  let updates = 0;
  const onMessage = (m: KernelMessage) => {
    if (m.type === 'result') result = String(m.data['text/plain']);
    if (m.type === 'updateDisplay') updates++;
  };
  const outcome = await kernel.execute(code, { executionCount: count, cellLabel: `bench ${count}`, onMessage });
  const ms = Number(result);
  if (outcome.status !== 'ok' || !Number.isFinite(ms)) throw new Error(`benchmark cell failed (${outcome.status}): ${JSON.stringify(outcome)}`);
  return { ms, updates };
}

export async function runDashboardOverhead(argv: string[]): Promise<void> {
  const options = parse(argv);
  const kernel = await KernelClient.start({ cwd: process.cwd(), backend: options.backend, log: () => undefined });
  try {
    let count = 0;
    const setupOutcome = await kernel.execute(setup, { executionCount: count++, cellLabel: 'setup', onMessage: () => undefined });
    if (setupOutcome.status !== 'ok') throw new Error(`benchmark setup failed: ${JSON.stringify(setupOutcome)}`);
    // Warm-up, untimed: the first compilations and kernel allocations.
    await timedCell(kernel, plainRun(5), count++);
    await timedCell(kernel, dashboardRun(5), count++);
    const plain: number[] = [];
    const withDashboard: number[] = [];
    const rates: number[] = [];
    const runPlain = async () => plain.push((await timedCell(kernel, plainRun(options.steps), count++)).ms);
    const runDashboard = async () => {
      const run = await timedCell(kernel, dashboardRun(options.steps), count++);
      withDashboard.push(run.ms);
      rates.push((run.updates * 1000) / run.ms);
    };
    // Turns alternate which goes first, so neither always follows the other's garbage.
    for (let round = 0; round < options.rounds; round++) {
      if (round % 2 === 0) await runPlain().then(runDashboard);
      else await runDashboard().then(runPlain);
    }
    const slowdown = median(withDashboard) / median(plain) - 1;
    const updatesPerSecond = median(rates);
    if (options.json) {
      console.log(JSON.stringify({ name: 'dashboard-overhead', backend: kernel.backend.name, steps: options.steps, plain_ms: plain, dashboard_ms: withDashboard, updates_per_s: rates, slowdown, updatesPerSecond }));
      return;
    }
    const met = updatesPerSecond >= targets.updatesPerSecond && slowdown <= targets.slowdown ? 'meets targets' : 'MISSES a target';
    console.log(`backend ${kernel.backend.name}; fit of ${options.steps} steps (LSTM H=128, B=32, T=50, V=65), ${options.rounds} alternating rounds, medians`);
    console.log(`without dashboard ${median(plain).toFixed(0)} ms, with dashboard ${median(withDashboard).toFixed(0)} ms: slowdown ${(slowdown * 100).toFixed(1)}% (target ≤ ${targets.slowdown * 100}%)`);
    console.log(`dashboard updates received by the host: ${updatesPerSecond.toFixed(1)} per second (target ≥ ${targets.updatesPerSecond}); ${met}`);
  } finally {
    await kernel.dispose();
  }
}

if (require.main === module) {
  runDashboardOverhead(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
