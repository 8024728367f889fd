/**
 * The `unrolled` library, as cells import it: `import { LSTM, fit, show } from "unrolled"`.
 * Each module below owns one concept; this file only re-exports.
 */
export { tf } from './tf';
export { selectBackend, type BackendChoice, type BackendSelection } from './backend';
export { interruptRequested, throwIfInterrupted, InterruptedError } from './core/interrupt';
export { toMimeBundle, isDisplayable, type Displayable } from './core/mimeBundle';
export { BaseCell, type CellOptions, type CellWeights } from './cells/baseCell';
export { ElmanCell, type ElmanCellOptions, type ElmanActivation } from './cells/elman';
export { GRUCell, type GRUCellOptions } from './cells/gru';
export { LSTMCell, type LSTMCellOptions } from './cells/lstm';
export { makeCell, cellKinds, type CellKind, type MakeCellOptions } from './cells/makeCell';
export * as initializers from './init/initializers';
export { childSeed, randomSeed, SeedStream } from './init/seeds';
export type { Module } from './layers/module';
export type { SequenceLayer, SequenceApplyOptions, SequenceResult, DropoutMasks } from './layers/sequenceLayer';
export { registerFusedUnroll, findFusedUnroll, type FusedUnrollPath, type UnrollRequest, type UnrollResult } from './layers/fusedPaths';
export { unrollCell } from './layers/unroll';
export { RNN, type RNNOptions } from './layers/sequence';
export { ElmanRNN, GRU, LSTM } from './layers/recurrentLayers';
export { Bidirectional, type BidirectionalOptions, type MergeMode } from './layers/bidirectional';
export { StackedRNN, type StackedRNNOptions, type StackedRNNConfig } from './layers/stacked';
export { normaliseMask, lengthsFromMask } from './layers/mask';
export { reverseSequences } from './layers/reverse';
export { dropoutMask } from './layers/dropout';
export { Embedding, embeddingLookup, oneHot, checkTokenIds, type EmbeddingOptions } from './layers/embedding';
export { Dense, softmax, type DenseOptions, type DenseActivation } from './layers/dense';
export { toLayersWeights, loadLayersWeights, exportWeights, importWeights, type SavedWeights } from './io/weights';
export { LanguageModel, type LanguageModelOptions, type LanguageModelForwardOptions } from './models/languageModel';
