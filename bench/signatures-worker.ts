/** Worker thread of `signThroughputParallel`: normalize its share, then measure. */
import { parentPort, workerData } from 'node:worker_threads';
import { normalizeAll, signThroughput, type SignMode } from './signatures.js';

const { texts, mode, minMs, options, charsPerDoc } = workerData as {
  texts: string[];
  mode: SignMode;
  minMs: number;
  options: object;
  charsPerDoc: number;
};
const units = normalizeAll(texts, options);
// Warm up the JIT as the single-thread run does, then measure.
signThroughput(units, charsPerDoc, mode, Math.min(300, minMs), options);
parentPort!.postMessage(signThroughput(units, charsPerDoc, mode, minMs, options).charsPerSecond);
