/**
 * A slice of SaudiNewsNet committed with the tests (`test/fixtures/saudinewsnet/`, see its README):
 * every third article of 2015-07-23 (440 articles from 10 outlets), so that tests on real Arabic
 * news run on a clone without `../shared`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ReprintDocument } from '../../src/types.js';

export const SAUDI_SLICE = join(import.meta.dirname, '..', 'fixtures', 'saudinewsnet', '2015-07-23-every-third.jsonl.gz');

/** The slice's articles, in file order (`id`, `series`, `date`, `text`). */
export function saudiSlice(): ReprintDocument[] {
  return gunzipSync(readFileSync(SAUDI_SLICE))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ReprintDocument);
}
