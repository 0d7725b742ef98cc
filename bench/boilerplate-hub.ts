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
import { splitmix32 } from './prng.js';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '6000' } } });
const n = Number(values.docs);
const boilerplate =
  'وكالة الأنباء تنشر البيان الرسمي الصادر عن الوزارة بشأن الاجتماع الدوري للمجلس الأعلى والذي ناقش خلاله الأعضاء عددا من الموضوعات المدرجة على جدول الأعمال وأكد المجلس أهمية التعاون المشترك في جميع المجالات ';
const rng = splitmix32(7);
const random = (): number => rng.next();
const word = (): string => Array.from({ length: 3 + Math.floor(random() * 6) }, () => String.fromCharCode(0x628 + Math.floor(random() * 30))).join('');
const words = (k: number): string => Array.from({ length: k }, word).join(' ');
const docs = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, text: `${words(120)} ${boilerplate}${words(120)}`, series: `s${i % 50}` }));
const stages: Record<string, number> = {};
const t = performance.now();
const r = await findReprints(docs, { onProgress: (e) => void (stages[e.stage] = Math.round(e.ms)) });
console.log(`${n} documents: ${Math.round(performance.now() - t)} ms ${JSON.stringify(stages)}; ${r.pairs.length} pairs, ${r.clusters.length} clusters`);
