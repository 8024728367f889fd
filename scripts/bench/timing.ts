/**
 * Alternating timing: contenders take turns, one measurement each per round, so that a slow
 * minute on a shared machine hurts them alike; the median over rounds is reported. Each
 * measurement repeats its contender's unit of work until at least `minSeconds` have passed.
 */
export interface Contender {
  name: string;
  /** One unit of work (a training step, a sampled sequence); returns the characters it processed. */
  run(): Promise<number> | number;
  /**
   * For a contender timed in another process (the torch peer): one measurement of at least
   * `minSeconds`, returning its rate; `run` is then its warm-up.
   */
  measure?(minSeconds: number): Promise<number>;
}

export interface Timing {
  name: string;
  /** Characters per second, one value per round. */
  rates: number[];
  median: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(contender: Contender, minSeconds: number): Promise<number> {
  let chars = 0;
  const start = process.hrtime.bigint();
  let seconds = 0;
  do {
    chars += await contender.run();
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  } while (seconds < minSeconds);
  return chars / seconds;
}

export async function alternate(contenders: Contender[], options: { warmup: number; rounds: number; minSeconds: number }): Promise<Timing[]> {
  for (const c of contenders) for (let i = 0; i < options.warmup; i++) await c.run();
  const rates = contenders.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[k];
      rates[k].push(c.measure ? await c.measure(options.minSeconds) : await measure(c, options.minSeconds));
    }
  }
  return contenders.map((c, k) => ({ name: c.name, rates: rates[k], median: median(rates[k]) }));
}
