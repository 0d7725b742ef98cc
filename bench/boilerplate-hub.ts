/**
 * A boilerplate paragraph (an agency's standard closing, a ministry's formula) reprinted by every
 * one of `--docs` otherwise unrelated articles: the first documents of the run pair with all the
 * others, so each holds thousands of spans over the same extent. Prints the stage times of one
 * `findReprints`; the cluster stage should grow linearly with the documents.
 *
 *   node --import tsx bench/boilerplate-hub.ts --docs 6000
 */
import { parseArgs } from 'node:util';
import { findReprints } from '../src/index.js';
import { boilerplateDocs } from './boilerplate.js';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '6000' } } });
const n = Number(values.docs);
const stages: Record<string, number> = {};
const t = performance.now();
const r = await findReprints(boilerplateDocs(n), { onProgress: (e) => void (stages[e.stage] = Math.round(e.ms)) });
console.log(`${n} documents: ${Math.round(performance.now() - t)} ms ${JSON.stringify(stages)}; ${r.pairs.length} pairs, ${r.clusters.length} clusters`);
