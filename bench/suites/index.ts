/**
 * The bench suites, in the order they run. A suite is one file (`suite.ts` says what it holds);
 * adding one is adding it here.
 */
import araplagdet from './araplagdet.js';
import corpus from './corpus.js';
import dedup from './dedup.js';
import pan13 from './pan13.js';
import peers from './peers.js';
import reliability from './reliability.js';
import report from './report.js';
import saudinewsnet from './saudinewsnet.js';
import signatures from './signatures.js';
import synthetic from './synthetic.js';

export const SUITES = [signatures, saudinewsnet, peers, araplagdet, pan13, synthetic, dedup, report, reliability, corpus];
