/**
 * Sends `KernelMessage`s to the host over the kernel's `HostLink` and knows which execution is
 * running, so console output, displays and stray errors are tagged with the right execution id.
 */
import type { KernelMessage } from '../protocol/messages';
import type { HostLink } from './hostLink';

export class KernelChannel {
  private current: string | undefined;
  private last: string | undefined;

  constructor(private readonly link: HostLink) {}

  send(message: KernelMessage): void {
    this.link.send(message);
  }

  begin(id: string): void {
    this.current = id;
    this.last = id;
  }

  end(): void {
    this.current = undefined;
  }

  /** The running execution's id, if a cell is running. */
  get running(): string | undefined {
    return this.current;
  }

  /** The running execution's id, else the last one's (for displays updated by stray async work). */
  get latest(): string | undefined {
    return this.current ?? this.last;
  }
}
