/** Output formats, in-process, on a hand-made result (its spans are real offsets into the texts below). */
import { describe, expect, it } from 'vitest';
import type { ReprintsResult } from '../../src/index.js';
import { resolveOptions } from '../../src/index.js';
import { csvField, formatCsv } from '../../src/cli/format/csv.js';
import { formatResult } from '../../src/cli/format/index.js';
import { formatJsonl } from '../../src/cli/format/jsonl.js';
import { copySimilarity, excerpt, formatText, similarity, summaryLine } from '../../src/cli/format/text.js';

const spa = 'الرياض (واس) - افتتح وزير الثقافة اليوم معرض الكتاب.';
const okaz = 'عكاظ: افتتح وزير الثقافة اليوم معرض الكتاب, "بحضور" المثقفين';
const shared = 'افتتح وزير الثقافة اليوم معرض الكتاب';

function span(text: string, doc: string) {
  const start = text.indexOf(shared);
  return { doc, start, end: start + shared.length };
}

const result: ReprintsResult = {
  documents: [
    { id: 'spa-1', series: 'spa', date: '2015-07-21', length: spa.length },
    { id: 'okaz,7', series: 'okaz', date: '2015-07-22', length: okaz.length },
    { id: 'other', length: 10 },
  ],
  clusters: [{ id: 1, passages: [{ ...span(spa, 'spa-1'), text: shared }, { ...span(okaz, 'okaz,7'), text: shared }] }],
  pairs: [{ a: span(spa, 'spa-1'), b: span(okaz, 'okaz,7'), similarity: 0.987, cluster: 1, kind: 'edited' as const }],
  params: resolveOptions({}),
};

const collect = (chunks: Iterable<string>) => [...chunks].join('');

describe('text', () => {
  it('prints each cluster: documents with series, date, span and similarity, then the passage once, Arabic as-is', () => {
    const a = span(spa, 'spa-1');
    const b = span(okaz, 'okaz,7');
    expect(collect(formatText(result))).toBe(
      [
        'Cluster 1: 2 documents, 2 passages',
        `  spa-1   spa   2015-07-21  ${`${a.start}–${a.end}`.padEnd(5)}  ${shared.length} chars  earliest`,
        `  okaz,7  okaz  2015-07-22  ${`${b.start}–${b.end}`.padEnd(5)}  ${shared.length} chars  similarity 0.98  edited`,
        '  passage (from spa-1):',
        `    ${shared}`,
        '',
        '',
      ].join('\n'),
    );
  });

  it('a copy shows its similarity to the earliest copy, not that of a short exact quote inside it (seeds 001 read 1.00 before)', () => {
    const earliest = { doc: 'e', start: 0, end: 1000 };
    const copy = { doc: 'c', start: 0, end: 1000 };
    const quote = { doc: 'q', start: 0, end: 190 };
    const pairs = [
      { a: earliest, b: copy, similarity: 0.9936, cluster: 1, kind: 'edited' as const },
      { a: { doc: 'c', start: 800, end: 990 }, b: quote, similarity: 1, cluster: 1, kind: 'verbatim' as const },
    ];
    expect(copySimilarity(copy, earliest, pairs)).toBe(0.9936);
    // not aligned with the earliest copy directly: the pair covering most of it
    expect(copySimilarity(quote, earliest, pairs)).toBe(1);
    expect(copySimilarity({ doc: 'x', start: 0, end: 5 }, earliest, pairs)).toBeUndefined();
  });

  it('lists at most maxCopies copies of a huge cluster and counts the rest on one line', () => {
    const passages = Array.from({ length: 30 }, (_, i) => ({ doc: `d${Math.floor(i / 2)}`, start: 0, end: 100, text: 'x'.repeat(100) }));
    const big: ReprintsResult = { ...result, clusters: [{ id: 1, passages }], pairs: [] };
    const text = collect(formatText(big, { maxCopies: 5 }));
    expect(text.split('\n').filter((l) => l.startsWith('  d'))).toHaveLength(5);
    expect(text).toContain('  … 25 more passages in 12 more documents (list all with --max-copies 0, or use --format jsonl)\n');
    expect(collect(formatText(big, { maxCopies: 0 })).split('\n').filter((l) => l.startsWith('  d'))).toHaveLength(30);
  });

  it('prints nothing on stdout when there are no clusters', () => {
    expect(collect(formatText({ ...result, clusters: [], pairs: [] }))).toBe('');
  });

  it('shows similarity rounded down, so only an exact copy reads 1.00', () => {
    expect(similarity(0.9999)).toBe('0.99');
    expect(similarity(1)).toBe('1.00');
    expect(similarity(0.5)).toBe('0.50');
  });

  it('folds whitespace and trims a long passage in the middle, saying how much is left out', () => {
    const long = `${'أ'.repeat(400)}\n\n${'ب'.repeat(400)}`;
    const e = excerpt(long);
    expect(e.startsWith('أ'.repeat(320))).toBe(true);
    expect(e.endsWith('ب'.repeat(120))).toBe(true);
    expect(e).toContain(' … [361 characters left out] … ');
    expect(excerpt('short\n  text')).toBe('short text');
  });

  it('never cuts a surrogate pair in half', () => {
    const e = excerpt('😀'.repeat(400));
    expect(e).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('the summary line counts documents, clusters and pairs', () => {
    expect(summaryLine(result, 1234)).toBe('3 documents read, 1 cluster, 1 aligned pair in 1.2 s');
  });
});

describe('json', () => {
  it('is exactly JSON.stringify(result) and a newline', () => {
    expect(collect(formatResult('json', result))).toBe(`${JSON.stringify(result)}\n`);
  });
});

describe('jsonl', () => {
  it('prints one cluster a line with passages, document metadata and pairs', () => {
    const lines = collect(formatJsonl(result)).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(JSON.parse(lines[0])).toEqual({
      cluster: 1,
      documents: 2,
      passages: [
        { ...span(spa, 'spa-1'), series: 'spa', date: '2015-07-21', text: shared },
        { ...span(okaz, 'okaz,7'), series: 'okaz', date: '2015-07-22', text: shared },
      ],
      pairs: [{ a: span(spa, 'spa-1'), b: span(okaz, 'okaz,7'), similarity: 0.987, kind: 'edited' }],
    });
  });
});

describe('csv', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
  });

  it('prints a header, then one aligned pair a row, CRLF line ends', () => {
    const a = span(spa, 'spa-1');
    const b = span(okaz, 'okaz,7');
    expect(collect(formatCsv(result))).toBe(
      'cluster,similarity,kind,a_doc,a_series,a_date,a_start,a_end,b_doc,b_series,b_date,b_start,b_end\r\n' +
        `1,0.987,edited,spa-1,spa,2015-07-21,${a.start},${a.end},"okaz,7",okaz,2015-07-22,${b.start},${b.end}\r\n`,
    );
  });
});
