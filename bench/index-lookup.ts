/**
 * Look-up cost of one band of a persistent index's segment (`src/segment-codec.ts`), CPU only: a
 * band of `--entries` random keys over `--docs` documents (one add's segment), looked up with the
 * keys of `--asked` new windows (a tenth of them stored ones, the rest random), either by decoding
 * the whole band and merging (format 3's way) or by `matchBand`, which decodes only the partitions
 * of the keys asked (format 4).
 *
 *   node --import tsx bench/index-lookup.ts --entries 4500000 --docs 100000 --asked 45000
 */
import { parseArgs } from 'node:util';
import { buildSegment } from '../src/index-store.js';
import { decodeBand, encodeBand, matchBand, matchDecoded } from '../src/segment-codec.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '4500000' }, docs: { type: 'string', default: '100000' }, asked: { type: 'string', default: '45000' }, repeat: { type: 'string', default: '5' } } });
const entries = Number(values.entries);
const docsCount = Number(values.docs);
const asked = Number(values.asked);
const repeat = Number(values.repeat);

let x = 12345;
const rand = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) ^ (x >>> 16);
const keys = new Uint32Array(entries);
const docs = new Int32Array(entries);
for (let i = 0; i < entries; i++) {
  keys[i] = rand() >>> 0;
  docs[i] = Math.floor((i * docsCount) / entries);
}
const seg = buildSegment([keys], docs, entries);
const bytes = encodeBand(seg.keys[0], seg.docs[0]);
const query = new Uint32Array(asked);
for (let i = 0; i < asked; i++) query[i] = i % 10 === 0 ? seg.keys[0][rand() % entries] : rand() >>> 0;
query.sort();

const cpu = (fn: () => number): { ms: number; hits: number } => {
  let hits = 0;
  const c = process.cpuUsage();
  for (let r = 0; r < repeat; r++) hits = fn();
  const d = process.cpuUsage(c);
  return { ms: (d.user + d.system) / 1e3 / repeat, hits };
};
const whole = cpu(() => {
  const d = decodeBand(bytes);
  let hits = 0;
  matchDecoded(d.keys, d.docs, query, () => hits++);
  return hits;
});
const sparse = cpu(() => {
  let hits = 0;
  matchBand(bytes, query, () => hits++);
  return hits;
});
if (whole.hits !== sparse.hits) throw new Error(`the two look-ups disagree: ${whole.hits} and ${sparse.hits} hits`);
console.log(JSON.stringify({ entries, docs: docsCount, asked, bytesPerWindow: +(bytes.byteLength / entries).toFixed(2), hits: sparse.hits, wholeDecodeMs: +whole.ms.toFixed(1), matchBandMs: +sparse.ms.toFixed(1) }));
