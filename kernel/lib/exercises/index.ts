/**
 * Exercise checks, one module per lesson: `exercises.lesson01.checkElmanStep(fn)` in a notebook.
 */
export * as lesson01 from './lesson01';
export * as lesson04 from './lesson04';
export * as lesson02 from './lesson02';
export * as lesson03 from './lesson03';
export * as lesson05 from './lesson05';
export * as lesson09 from './lesson09';
export * as lesson10 from './lesson10';
export * as lesson06 from './lesson06';
export * as lesson07 from './lesson07';
export * as lesson08 from './lesson08';
