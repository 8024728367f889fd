/**
 * The kernel's side of the IPC channel: sends `KernelMessage`s to the host and knows which
 * execution is running, so console output, displays and stray errors are tagged with the right
 * execution id. `process.send` is captured at start, so a cell that shadows `process` cannot cut
 * the kernel off from its host.
 */
import type { KernelMessage } from '../protocol/messages';

type Send = (message: KernelMessage) => void;

export class KernelChannel {
  private readonly sendRaw: Send;
  private current: string | undefined;
  private last: string | undefined;

  constructor() {
    const send = process.send?.bind(process);
    if (!send) throw new Error('the kernel must be started by a host with an IPC channel (child_process.fork)');
    this.sendRaw = (message) => {
      send(message);
    };
  }

  send(message: KernelMessage): void {
    this.sendRaw(message);
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
