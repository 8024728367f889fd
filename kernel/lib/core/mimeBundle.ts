/**
 * How library objects describe themselves to the notebook. An object with a
 * `[toMimeBundle]()` method is displayed by `display(obj)` (and as a cell's last value) as the
 * returned bundle. Rich outputs put their JSON payload under their own MIME type
 * (`application/vnd.unrolled.<kind>+json`) and always add a static fallback (`image/svg+xml`,
 * `image/png` as base64, or self-contained `text/html`) so the picture survives outside VS Code.
 */
import type { MimeBundle } from '../../protocol/messages';

export const toMimeBundle: unique symbol = Symbol.for('unrolled.toMimeBundle') as never;

export interface Displayable {
  [toMimeBundle](): MimeBundle;
}

export function isDisplayable(value: unknown): value is Displayable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Displayable>)[toMimeBundle] === 'function';
}
