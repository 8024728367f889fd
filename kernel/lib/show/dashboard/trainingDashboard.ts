/**
 * `show.dashboard()`: a live training dashboard. Record metrics with `update(...)` (it accepts
 * `fit`'s progress info as is, so `onProgress: dash.onProgress` works), show it with
 * `display(dash)`, and let it push itself into that output in place:
 *
 *   const dash = show.dashboard({ title: 'char-LSTM' });
 *   dash.attach(display(dash));
 *   await fit(model, data, { onProgress: dash.onProgress });
 *   dash.finish();
 *
 * Pushes are throttled (at most one per `minIntervalMs`, default 80 ms, about 12 a second) so the
 * dashboard does not slow training; long runs are thinned to `maxPoints` evenly spaced steps
 * (the latest step always kept). `finish()` pushes the final state, which stays in the notebook.
 *
 * An interrupt ends the cell before its `dash.finish()` runs, so an attached dashboard listens for
 * the library loop that fed it (the one running during its updates): when that loop is
 * interrupted the dashboard marks itself interrupted at once, with the loop's message; when it
 * stops on a non-finite loss, the message is shown too.
 */
import type { MimeBundle } from '../../../protocol/messages';
import { PAYLOAD_LIMITS } from '../../../protocol/payloadLimits';
import { mimeTypeOf, PAYLOAD_VERSION, type DashboardMetric, type DashboardPayload } from '../../../protocol/payloads';
import { currentLoop, onLoopStop, type LoopStop } from '../../core/loopStops';
import { toMimeBundle, type Displayable } from '../../core/mimeBundle';
import { roundValue } from '../../../scenes/format';
import { dashboardSvg } from '../../../scenes/dashboard/dashboardSvg';

/** One report; every field but `step` is optional. `fit`'s `ProgressInfo` fits this shape. */
export interface DashboardUpdate {
  step: number;
  loss?: number;
  validationLoss?: number;
  perplexity?: number;
  validationPerplexity?: number;
  gradNorm?: number;
  learningRate?: number;
  /** A generated text sample to show. */
  sample?: string;
}

export interface DashboardOptions {
  title?: string;
  /** Steps kept before thinning (default 1000; at most `PAYLOAD_LIMITS.steps`, 10,000). */
  maxPoints?: number;
  /** Least time between two pushes to the attached output (default 80 ms). */
  minIntervalMs?: number;
  /** Derive perplexity = exp(loss) when an update has a loss but no perplexity (default true: `fit`'s loss is cross-entropy in nats). */
  perplexityFromLoss?: boolean;
  /** Samples kept, newest last (default 12; at most `PAYLOAD_LIMITS.series`, 100). Longer samples are cut to 10,000 characters. */
  maxSamples?: number;
}

/** Anything with `update(value)`: the handle `display(...)` returns. */
export interface UpdatableOutput {
  update(value: unknown): void;
}

/** A sample longer than a renderer draws keeps its start, saying how much was cut (a long run must not fail on one long sample). */
function clipText(text: string): string {
  if (text.length <= PAYLOAD_LIMITS.textLength) return text;
  // 64 characters are room for the note, whose own length depends on the count it gives.
  const kept = PAYLOAD_LIMITS.textLength - 64;
  return `${text.slice(0, kept)} … (${(text.length - kept).toLocaleString('en-US')} more characters not shown)`;
}

const METRICS: { name: keyof DashboardUpdate; label: string; log: boolean }[] = [
  { name: 'loss', label: 'loss (train)', log: false },
  { name: 'validationLoss', label: 'loss (validation)', log: false },
  { name: 'perplexity', label: 'perplexity (train)', log: true },
  { name: 'validationPerplexity', label: 'perplexity (validation)', log: true },
  { name: 'gradNorm', label: 'gradient norm', log: true },
  { name: 'learningRate', label: 'learning rate', log: true },
];

export class TrainingDashboard implements Displayable {
  private steps: number[] = [];
  private readonly values = new Map<string, (number | null)[]>(METRICS.map((m) => [m.name, []]));
  private readonly samples: { step: number; text: string }[] = [];
  private updates = 0;
  private status: DashboardPayload['status'] = 'running';
  private readonly started = Date.now();
  private output: UpdatableOutput | null = null;
  private lastPush = 0;
  private pending: ReturnType<typeof setTimeout> | null = null;
  /** The library loop whose callbacks last updated this dashboard, and why it stopped early. */
  private loop: number | undefined;
  private note: string | undefined;
  private stopListener: (() => void) | null = null;
  private readonly maxPoints: number;
  private readonly minIntervalMs: number;
  private readonly maxSamples: number;

  constructor(private readonly options: DashboardOptions = {}) {
    this.maxPoints = options.maxPoints ?? 1000;
    this.minIntervalMs = options.minIntervalMs ?? 80;
    this.maxSamples = options.maxSamples ?? 12;
    const { steps, series, textLength } = PAYLOAD_LIMITS;
    if (!Number.isInteger(this.maxPoints) || this.maxPoints < 2 || this.maxPoints > steps) throw new RangeError(`show.dashboard: maxPoints must be an integer in [2, ${steps}] (the most steps a dashboard draws); got ${options.maxPoints}`);
    if (!Number.isInteger(this.maxSamples) || this.maxSamples < 0 || this.maxSamples > series) throw new RangeError(`show.dashboard: maxSamples must be an integer in [0, ${series}] (the most samples a dashboard draws); got ${options.maxSamples}`);
    if ((options.title?.length ?? 0) > textLength) throw new RangeError(`show.dashboard: the title has ${options.title!.length} characters; at most ${textLength} are drawn`);
    if (!(this.minIntervalMs >= 0)) throw new Error(`show.dashboard: minIntervalMs must be ≥ 0; got ${options.minIntervalMs}`);
  }

  /** `fit`'s progress callback: `fit(model, data, { onProgress: dash.onProgress })`. */
  readonly onProgress = (info: DashboardUpdate): void => {
    this.update(info);
  };

  /** Pushes to `output` (a display handle) from now on. */
  attach(output: UpdatableOutput): this {
    if (!output || typeof output.update !== 'function') throw new Error('dashboard.attach: expected a display handle (the value display(...) returns)');
    this.output = output;
    this.stopListener ??= onLoopStop((stop) => this.loopStopped(stop));
    return this;
  }

  /** Records one report and, if attached, pushes it when the last push is old enough. */
  update(report: DashboardUpdate): this {
    if (!report || !Number.isFinite(report.step)) throw new Error(`dashboard.update: expected { step: number, loss?, gradNorm?, learningRate?, sample?, ... }; got ${JSON.stringify(report)}`);
    this.updates++;
    this.loop = currentLoop() ?? this.loop;
    const derived = { ...report };
    if (derived.perplexity === undefined && derived.loss !== undefined && (this.options.perplexityFromLoss ?? true)) derived.perplexity = Math.exp(derived.loss);
    const last = this.steps.length - 1;
    const row = last >= 0 && this.steps[last] === report.step ? last : this.steps.push(report.step) - 1;
    for (const m of METRICS) {
      const list = this.values.get(m.name)!;
      while (list.length <= row) list.push(null);
      const v = derived[m.name];
      if (typeof v === 'number') list[row] = roundValue(v);
    }
    if (typeof report.sample === 'string') {
      this.samples.push({ step: report.step, text: clipText(report.sample) });
      if (this.samples.length > this.maxSamples) this.samples.shift();
    }
    if (this.steps.length > this.maxPoints) this.thin();
    this.schedulePush();
    return this;
  }

  /** Marks the run finished (or interrupted) and pushes the final state at once. */
  finish(status: 'done' | 'interrupted' = 'done'): this {
    this.status = status;
    this.stopListener?.();
    this.stopListener = null;
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.push();
    return this;
  }

  private loopStopped(stop: LoopStop): void {
    if (this.status !== 'running' || stop.loop !== this.loop) return;
    this.note = stop.message;
    if (stop.reason === 'interrupted') this.finish('interrupted');
    else this.schedulePush();
  }

  /** Every other step is dropped, the latest kept, so thinning keeps even spacing. */
  private thin(): void {
    const keep = this.steps.map((_, i) => i % 2 === 0 || i === this.steps.length - 1);
    this.steps = this.steps.filter((_, i) => keep[i]);
    for (const [name, list] of this.values) this.values.set(name, list.filter((_, i) => keep[i]));
  }

  private schedulePush(): void {
    if (!this.output) return;
    const wait = this.lastPush + this.minIntervalMs - Date.now();
    if (wait <= 0) {
      this.push();
      return;
    }
    // A trailing push, so the last report of a burst is shown even if no later one comes.
    this.pending ??= setTimeout(() => {
      this.pending = null;
      this.push();
    }, wait);
    (this.pending as { unref?: () => void }).unref?.();
  }

  private push(): void {
    this.lastPush = Date.now();
    this.output?.update(this);
  }

  get payload(): DashboardPayload {
    const metrics: DashboardMetric[] = METRICS.filter((m) => this.values.get(m.name)!.some((v) => v !== null)).map((m) => {
      const list = this.values.get(m.name)!;
      return { name: m.name, label: m.label, log: m.log, values: this.steps.map((_, i) => list[i] ?? null) };
    });
    return {
      version: PAYLOAD_VERSION,
      kind: 'dashboard',
      title: this.options.title,
      status: this.status,
      steps: [...this.steps],
      metrics,
      samples: this.samples.map((s) => ({ ...s })),
      updates: this.updates,
      elapsedMs: Date.now() - this.started,
      ...(this.note === undefined ? {} : { note: this.note }),
    };
  }

  toString(): string {
    const p = this.payload;
    const last = (name: string) => p.metrics.find((m) => m.name === name)?.values.at(-1);
    return `training ${p.status}: step ${p.steps.at(-1) ?? 0}, loss ${last('loss') ?? '–'}, perplexity ${last('perplexity') ?? '–'} (${p.updates} updates)`;
  }

  [toMimeBundle](): MimeBundle {
    const payload = this.payload;
    return { [mimeTypeOf('dashboard')]: payload, 'image/svg+xml': dashboardSvg(payload), 'text/plain': this.toString() };
  }
}

export function dashboard(options: DashboardOptions = {}): TrainingDashboard {
  return new TrainingDashboard(options);
}
