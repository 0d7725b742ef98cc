/** Rows of per-stage timings, shared by the suites that run the whole engine. */
import type { EndToEnd } from '../jobs/saudinewsnet.js';
import { fmt } from '../report.js';
import { rate, type Row } from './suite.js';

export const STAGES = ['normalize', 'sign', 'lsh', 'align', 'cluster'] as const;

export function stageRows(prefix: string, r: { documents?: number; docs?: number; chars: number; stages: EndToEnd['stages'] }): Row[] {
  const docs = r.documents ?? r.docs ?? 0;
  return STAGES.filter((s) => r.stages[s]).map((s) => {
    const { ms, done, phaseMs, phasePeakRss } = r.stages[s]!;
    const what = s === 'lsh' ? `; ${done} windows indexed` : s === 'align' ? `; ${done} candidate document pairs` : '';
    // With workers, `ms` adds up every thread's task time; the phase is the wall-clock time.
    const peak = phasePeakRss ? `, RSS up to ${fmt.mb(phasePeakRss)}` : '';
    const phase = phaseMs !== undefined ? `; phase ${fmt.ms(phaseMs)} wall${s === 'sign' ? ' (normalize and sign, reading included)' : ''}${peak}` : '';
    return [`${prefix}${s}`, fmt.ms(ms), `${fmt.rate(rate(r.chars, ms))} chars/s, ${fmt.rate(rate(docs, ms))} docs/s${what}${phase}`];
  });
}
