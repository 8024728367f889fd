/**
 * The `display` API cells use, and the conversion of any value to a MIME bundle (also used for a
 * cell's last value):
 * - a string → `text/plain`;
 * - an object with `[toMimeBundle]()` (library objects: plots, heatmaps, models) → its bundle;
 * - a tensor → `text/plain` with its values (tfjs' own formatting);
 * - anything else → `text/plain` via `util.inspect`, plus `application/json` when it is plain data
 *   (arrays and plain objects of numbers, strings, booleans and null).
 * Every call returns a `DisplayHandle` whose `update(value)` replaces that output in place,
 * converting the new value the same way as the call that created it.
 */
import { inspect } from 'node:util';
import type { MimeBundle } from '../protocol/messages';
import { isDisplayable, toMimeBundle } from '../lib/core/mimeBundle';
import { tf } from '../lib/tf';
import type { KernelChannel } from './channel';

type Convert = (value: unknown) => MimeBundle;

/** Plain-data JSON is added to `text/plain` only below this size, so huge arrays stay cheap to send. */
const jsonLimitChars = 1_000_000;

export class DisplayHandle {
  constructor(
    readonly displayId: string,
    private readonly replace: (value: unknown) => void,
  ) {}

  /** Replaces this output in place with `value`, converted like the original. */
  update(value: unknown): void {
    this.replace(value);
  }

  [inspect.custom](): string {
    return `DisplayHandle(${this.displayId})`;
  }
}

export interface DisplayFunction {
  (value: unknown): DisplayHandle;
  text(value: unknown): DisplayHandle;
  markdown(source: string): DisplayHandle;
  html(source: string): DisplayHandle;
  json(value: unknown): DisplayHandle;
  mime(mimeType: string, payload: unknown): DisplayHandle;
  bundle(bundle: MimeBundle): DisplayHandle;
}

export function toBundle(value: unknown): MimeBundle {
  if (typeof value === 'string') return { 'text/plain': value };
  if (isDisplayable(value)) return value[toMimeBundle]();
  if (value instanceof tf.Tensor) return { 'text/plain': value.isDisposed ? `Tensor (disposed) shape [${value.shape.join(', ')}]` : value.toString() };
  const bundle: MimeBundle = { 'text/plain': inspect(value, { depth: 4, maxArrayLength: 100, breakLength: 100 }) };
  if (isPlainData(value, 0) && typeof value === 'object' && value !== null) {
    const json = JSON.stringify(value);
    if (json.length <= jsonLimitChars) bundle['application/json'] = JSON.parse(json);
  }
  return bundle;
}

function isPlainData(value: unknown, depth: number): boolean {
  if (depth > 32) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as object).every((v) => isPlainData(v, depth + 1));
}

function expectString(what: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${what} expected a string, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${inspect(value, { depth: 0 })})` : `${typeof value} ${inspect(value)}`;
}

const asText: Convert = (v) => ({ 'text/plain': typeof v === 'string' ? v : inspect(v) });
const asMarkdown: Convert = (v) => ({ 'text/markdown': expectString('display.markdown', v) });
const asHtml: Convert = (v) => ({ 'text/html': expectString('display.html', v) });
const asJson: Convert = (v) => {
  const json = JSON.stringify(v);
  if (json === undefined) throw new TypeError(`display.json expected a JSON-serialisable value, got ${describe(v)}`);
  return { 'application/json': JSON.parse(json) };
};

function asBundle(value: unknown): MimeBundle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`display.bundle expected an object mapping MIME types to payloads, like { 'text/html': '<b>hi</b>' }, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(key)) throw new TypeError(`display.bundle expected MIME type keys like 'text/html', got '${key}'`);
  }
  return asJson(value)['application/json'] as MimeBundle;
}

/** Creates the `display` function for cells; messages go to the running execution (or the latest one, for stray updates). */
export function createDisplay(channel: KernelChannel): DisplayFunction {
  let counter = 0;
  const show = (convert: Convert, value: unknown): DisplayHandle => {
    const displayId = `${process.pid}-${++counter}`;
    const send = (type: 'display' | 'updateDisplay', data: MimeBundle) => {
      const id = channel.latest;
      if (id !== undefined) channel.send({ type, id, displayId, data });
    };
    send('display', convert(value));
    return new DisplayHandle(displayId, (next) => send('updateDisplay', convert(next)));
  };
  const display = ((value: unknown) => show(toBundle, value)) as DisplayFunction;
  display.text = (value) => show(asText, value);
  display.markdown = (source) => show(asMarkdown, source);
  display.html = (source) => show(asHtml, source);
  display.json = (value) => show(asJson, value);
  display.mime = (mimeType, payload) => {
    expectString('display.mime (first argument, the MIME type)', mimeType);
    return show((p) => asBundle({ [mimeType]: p }), payload);
  };
  display.bundle = (bundle) => show(asBundle, bundle);
  return display;
}
