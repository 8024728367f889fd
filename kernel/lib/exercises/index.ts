/**
 * Exercise checks, one module per lesson: `exercises.lesson01.checkElmanStep(fn)` in a notebook.
 */
export * as lesson01 from './lesson01';
export * as lesson02 from './lesson02';
export * as lesson03 from './lesson03';
export * as lesson09 from './lesson09';
