/**
 * The value `show.*` returns: a payload with its static fallback, displayed by `display(x)` or as
 * a cell's last value. The bundle lists the rich MIME type first (the renderer), then the SVG
 * fallback (HTML report, GitHub, editors without the extension), then a one-line text summary.
 */
import type { MimeBundle } from '../../protocol/messages';
import { mimeTypeOf, type PayloadKind, type PayloadOf } from '../../protocol/payloads';
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
