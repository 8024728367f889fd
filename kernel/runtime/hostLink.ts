/**
 * The kernel's end of its transport (see kernel/host/kernelTransport.ts for the host's end).
 * `processLink` is the local fork's: messages over the IPC channel, the interrupt pipe's
 * descriptor from UNROLLED_INTERRUPT_FD. A kernel started another way (a worker, a socket to a
 * remote host) provides another `HostLink`, and the rest of the runtime is unchanged.
 */
import type { HostMessage, KernelMessage } from '../protocol/messages';
import { interruptFdVariable } from './interruptWatcher';

export interface HostLink {
  send(message: KernelMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** The host is gone: nobody can see this kernel's output any more. */
  onClose(listener: () => void): void;
  /**
   * A descriptor the host writes interrupt tokens to, read by a worker thread so an interrupt
   * reaches a busy main thread; undefined when the transport has none (then only interrupts of
   * cells that are waiting work).
   */
  interruptFd: number | undefined;
}

/**
 * The link of a kernel forked with an IPC channel. `process.send` is captured now, so a cell that
 * shadows `process` cannot cut the kernel off from its host.
 */
export function processLink(): HostLink {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the kernel must be started by a host with an IPC channel (child_process.fork)');
  const fd = Number(process.env[interruptFdVariable]);
  return {
    send: (message) => {
      send(message);
    },
    onMessage: (listener) => process.on('message', listener),
    onClose: (listener) => process.on('disconnect', listener),
    interruptFd: Number.isInteger(fd) && fd > 2 ? fd : undefined,
  };
}
