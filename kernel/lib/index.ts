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
export { maskedSoftmax, contextVector, readWithScores, type AttentionRead } from './attention/context';
export type { AttentionScorer } from './attention/scorer';
export { AdditiveAttention, type AdditiveAttentionOptions } from './attention/additive';
export { MultiplicativeAttention, type MultiplicativeAttentionOptions } from './attention/multiplicative';
export { lastState, firstState } from './pooling/lastState';
export { bidirectionalLastStates, type BidirectionalLastOptions } from './pooling/bidirectionalLast';
export { meanPool, maxPool } from './pooling/meanMaxPool';
export { AttentionPooling, type AttentionPoolingOptions, type PooledWithWeights } from './pooling/attentionPooling';
export { ContextAttentionPooling, type ContextAttentionPoolingOptions } from './pooling/contextAttentionPooling';
export { HierarchicalAttentionPooling, type HierarchicalAttentionOptions, type HierarchicalPooled, type SentenceEncoder } from './pooling/hierarchicalAttention';
export { parseTag, tagSet, tagsToSpans, spansToTags, convertTags, tagSchemes, type TagScheme, type TagPrefix, type Span, type ParsedTag } from './tagging/schemes';
export { allowedTransitions, isAllowedTransition, isValidTagSequence, type TransitionConstraints } from './tagging/transitionRules';
export { spanScores, type SpanScores, type SpanCounts } from './tagging/spanMetrics';
export { SoftmaxTagger, type SoftmaxTaggerOptions } from './tagging/softmaxTagger';
export { forwardLogAlphas, backwardLogBetas, logPartition, tagMarginals, type ChainPotentials } from './tagging/forwardBackward';
export { pathScore } from './tagging/pathScore';
export { viterbi, type ViterbiResult, type ViterbiTrellis } from './tagging/viterbi';
export { LinearChainCRF, CONSTRAINT_PENALTY, type LinearChainCRFOptions, type CRFDecoding, type NLLReduction } from './tagging/crf';
export { CRFTagger, type CRFTaggerOptions } from './tagging/crfTagger';
