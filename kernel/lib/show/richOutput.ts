/**
 * The value `show.*` returns: a payload with its static fallback, displayed by `display(x)` or as
 * a cell's last value. The bundle lists the rich MIME type first (the renderer), then the SVG
 * fallback (HTML report, GitHub, editors without the extension), then a one-line text summary.
 */
import type { MimeBundle } from '../../protocol/messages';
import { mimeTypeOf, type PayloadKind, type PayloadOf } from '../../protocol/payloads';
import { validatePayload } from '../../protocol/validatePayload';
import { toMimeBundle, type Displayable } from '../core/mimeBundle';

export class RichOutput<K extends PayloadKind> implements Displayable {
  constructor(
    readonly payload: PayloadOf<K>,
    private readonly fallback: (payload: PayloadOf<K>) => string,
    private readonly summary: (payload: PayloadOf<K>) => string,
  ) {}

  get kind(): K {
    return this.payload.kind as K;
  }

  /** The static SVG picture. */
  svg(): string {
    return this.fallback(this.payload);
  }

  toString(): string {
    return this.summary(this.payload);
  }

  [toMimeBundle](): MimeBundle {
    return {
      [mimeTypeOf(this.payload.kind)]: this.payload,
      'image/svg+xml': this.fallback(this.payload),
      'text/plain': this.summary(this.payload),
    };
  }
}

/**
 * `json` as the payload of kind `kind`, or an error naming `name` (the `show.*` function the
 * learner called): `mismatch` and the contract's sentences when the shape is wrong, or which part
 * is over the size limits a renderer draws.
 */
export function checkedPayload<K extends PayloadKind>(kind: K, json: Record<string, unknown>, name: string, mismatch: string): PayloadOf<K> {
  const checked = validatePayload(kind, json);
  if (checked.ok) return checked.payload;
  if (checked.tooLarge) throw new RangeError(`${name}: this output is too large to draw; pass fewer or shorter parts (the limits are listed in the README under "Output size limits"):\n  ${checked.errors.join('\n  ')}`);
  throw new Error(`${name}: ${mismatch}:\n  ${checked.errors.join('\n  ')}`);
}
