/**
 * A picture with no renderer of its own: an SVG document (drawn by VS Code's built-in image
 * renderer, the HTML report and GitHub alike) and a one-line text summary.
 */
import type { MimeBundle } from '../../../protocol/messages';
import { toMimeBundle, type Displayable } from '../../core/mimeBundle';

export class StaticPicture implements Displayable {
  constructor(
    private readonly svgText: string,
    private readonly summary: string,
  ) {}

  svg(): string {
    return this.svgText;
  }

  toString(): string {
    return this.summary;
  }

  [toMimeBundle](): MimeBundle {
    return { 'image/svg+xml': this.svgText, 'text/plain': this.summary };
  }
}
