/**
 * The `unrolled` library, as cells import it: `import { LSTM, fit, show } from "unrolled"`.
 * Each module below owns one concept; this file only re-exports.
 */
export { tf } from './tf';
export { selectBackend, type BackendChoice, type BackendSelection } from './backend';
export { interruptRequested, throwIfInterrupted, InterruptedError } from './core/interrupt';
export { toMimeBundle, isDisplayable, type Displayable } from './core/mimeBundle';
