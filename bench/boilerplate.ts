/**
 * Articles that share one boilerplate paragraph (an agency's standard closing, a ministry's formula)
 * and nothing else: random Arabic-letter words around it. Used by `bench/boilerplate-hub.ts` and by
 * the tests of long LSH runs.
 */
import { splitmix32 } from './prng.js';

export const BOILERPLATE =
  'وكالة الأنباء تنشر البيان الرسمي الصادر عن الوزارة بشأن الاجتماع الدوري للمجلس الأعلى والذي ناقش خلاله الأعضاء عددا من الموضوعات المدرجة على جدول الأعمال وأكد المجلس أهمية التعاون المشترك في جميع المجالات ';

/**
 * `n` documents `d0 … d(n−1)`: `words` random words, the boilerplate, `words` more.
 * @param series - the series of document i
 */
export function boilerplateDocs(n: number, { words = 120, seed = 7, series = (i: number) => `s${i % 50}` } = {}): { id: string; text: string; series: string }[] {
  const rng = splitmix32(seed);
  const word = (): string => Array.from({ length: 3 + rng.int(6) }, () => String.fromCharCode(0x628 + rng.int(30))).join('');
  const some = (k: number): string => Array.from({ length: k }, word).join(' ');
  return Array.from({ length: n }, (_, i) => ({ id: `d${i}`, text: `${some(words)} ${BOILERPLATE}${some(words)}`, series: series(i) }));
}
