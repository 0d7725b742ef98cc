/**
 * `reprints index add|query|stats|export|check`, end to end through the built binary: the main
 * command's readers, formats and exit codes; the archive workflow of the README.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReprints } from '../../src/index.js';
import { checkedLine, indexSummaryLine, mergesLine } from '../../src/cli/index-command.js';
import { reprints, SEEDS, tempDir } from './helpers.js';

const dir = tempDir();
const seeds = readdirSync(SEEDS).sort();
const seedDocs = seeds.map((f) => ({ id: f, text: readFileSync(join(SEEDS, f), 'utf8') }));
const jsonl = (docs: object[]): string => docs.map((d) => JSON.stringify(d)).join('\n') + '\n';

describe('reprints index', () => {
  const index = join(dir, 'news.reprints');
  const day1 = join(dir, 'day1.jsonl');
  const day2 = join(dir, 'day2.jsonl');
  writeFileSync(day1, jsonl([seedDocs[0], seedDocs[2]]));
  writeFileSync(day2, jsonl([seedDocs[1], seedDocs[3], seedDocs[4]]));

  it('add creates the index; a day with nothing reprinted prints no cluster', () => {
    const r = reprints(['index', 'add', index, day1]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^reprints: 2 documents read, 0 clusters, 0 aligned pairs in [\d.]+ s; .*news\.reprints holds 2 documents\n$/);
  });

  it('query shows what the next day reprints from the archive, storing nothing; add stores it', () => {
    const q = reprints(['index', 'query', index, day2, '-f', 'json']);
    expect(q.code).toBe(0);
    const found = JSON.parse(q.stdout);
    expect(found.clusters.map((c: { passages: { doc: string }[] }) => [...new Set(c.passages.map((p) => p.doc))])).toEqual([[seeds[0], seeds[1], seeds[3]]]);
    expect(reprints(['index', 'stats', index, '-f', 'json']).stdout).toContain('"documents":2,');
    const a = reprints(['index', 'add', index, day2, '-f', 'json']);
    expect(JSON.parse(a.stdout)).toEqual(found);
  });

  it('bug (a warning line per merged cluster, even with -q): an add that merges clusters says so in one line, silent under -q', () => {
    // Two edits of one statement too far apart to pair (two clusters on day 1); day 2's original joins them.
    const words = seedDocs[0].text.slice(991, 2289).split(' ');
    const edit = (off: number): string => words.map((w, i) => (i % 6 === off ? `قصص${[...w].reverse().join('')}` : w)).join(' ');
    const days = [
      [
        { id: 'a1', text: edit(0), series: 'x' },
        { id: 'a2', text: `عنوان\n${edit(0)}`, series: 'y' },
        { id: 'b1', text: edit(3), series: 'x' },
        { id: 'b2', text: `عنوان آخر\n${edit(3)}`, series: 'y' },
      ],
      [{ id: 'c', text: words.join(' '), series: 'z' }],
    ].map((docs, i) => {
      const file = join(dir, `merge-day${i + 1}.jsonl`);
      writeFileSync(file, jsonl(docs));
      return file;
    });
    for (const quiet of [false, true]) {
      const path = join(dir, `merges-${quiet}.reprints`);
      expect(reprints(['index', 'add', path, days[0], '-q']).code).toBe(0);
      const r = reprints(['index', 'add', path, days[1], '-f', 'json', ...(quiet ? ['-q'] : [])]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).merges).toEqual([{ id: 1, absorbed: [2] }]);
      if (quiet) expect(r.stderr).toBe('');
      else expect(r.stderr).toMatch(/^reprints: 1 cluster merged into another \(absorbed → kept\): 2 → 1\nreprints: 1 documents? read/);
    }
  });

  it('export is the batch result over everything (stable ids), in every format of the main command', async () => {
    const batch = await findReprints(seedDocs);
    const e = reprints(['index', 'export', index, '-f', 'json']);
    expect(e.code).toBe(0);
    const exported = JSON.parse(e.stdout);
    expect(exported.pairs).toEqual(batch.pairs);
    expect(exported.clusters).toEqual(batch.clusters);
    const text = reprints(['index', 'export', index]);
    expect(text.stdout).toMatch(/^Cluster 1: 3 documents, 4 passages\n/);
    const csv = reprints(['index', 'export', index, '-f', 'csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^cluster,/);
  });

  it('an id already indexed is refused (exit 1, named), or skipped with --skip-existing and a warning', () => {
    const r = reprints(['index', 'add', index, day2]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`reprints: document id "${seeds[1]}" at input position 0 is already in ${index}`);
    const s = reprints(['index', 'add', index, day2, '--skip-existing']);
    expect(s.code).toBe(0);
    expect(s.stderr).toContain(`reprints: warning: 3 documents skipped: already in ${index} (first: "${seeds[1]}")`);
  });

  it('stats and check', () => {
    const s = reprints(['index', 'stats', index]);
    expect(s.stdout).toMatch(/documents +5 \(0 exact copies\)\n/);
    expect(s.stdout).toMatch(/clusters +1\n/);
    const c = reprints(['index', 'check', index]);
    expect(c.code).toBe(0);
    expect(c.stderr).toBe(`reprints: ${index}: ok — 5 documents, 5 pairs, 1 cluster\n`);
  });

  it('usage errors exit 2: unknown verb, missing index, a parameter other than the index’s, inputs to stats', () => {
    expect(reprints(['index', 'frobnicate', index]).stderr).toBe('reprints: index: unknown verb "frobnicate"; use one of add, query, stats, export, check, backup\n');
    const missing = reprints(['index', 'stats', join(dir, 'nope.reprints')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no index here; create one with reprints index add');
    const params = reprints(['index', 'add', index, day2, '--min-length', '100']);
    expect(params.code).toBe(2);
    expect(params.stderr).toContain('parameter minLength is 150 in the index but 100 was asked');
    expect(reprints(['index', 'stats', index, day1]).code).toBe(2);
    expect(reprints(['index', 'add', index]).code).toBe(2);
  });

  it('bug (reuse mode silently ignored by the index): --mode reuse exits 2 naming the index, and leaves no file behind', () => {
    const fresh = join(dir, 'reuse.reprints');
    const r = reprints(['index', 'add', fresh, day1, '--mode', 'reuse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `reprints: ${fresh}: mode "reuse" is not available in an index (it keeps the default mode's character windows only); leave mode out, or run reprints --mode reuse on the documents themselves\n`,
    );
    expect(existsSync(fresh)).toBe(false);
  });

  it('bug (a second writer printed "unexpected failure: SqliteError: database is locked" and a stack): an add that waited --wait seconds for another writer exits 1 naming the index', async () => {
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(index);
    other.exec('BEGIN IMMEDIATE');
    try {
      const r = reprints(['index', 'add', index, day1, '--wait', '0.2']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `reprints: ${index}: another process is writing to this index and did not finish within 0.2 s; run this again once it is done, or wait longer (busyTimeoutMs, --wait SECONDS)\n`,
      );
      // Readers do not wait.
      expect(reprints(['index', 'stats', index]).code).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const bad = reprints(['index', 'add', index, day1, '--wait', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('reprints: --wait: "soon" is not a number of seconds; use 0 or more\n');
    expect(reprints(['index', 'stats', index, '--wait', '1']).code).toBe(2);
  });

  it('bug (check on a damaged file printed "unexpected failure: SqliteError: database disk image is malformed"): check lists what is damaged, add refuses it, both exit 1', async () => {
    const damaged = join(dir, 'damaged.reprints');
    expect(reprints(['index', 'add', damaged, day1, day2, '-q']).code).toBe(0);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(damaged, { readonly: true });
    const page = db.prepare("SELECT pageno FROM dbstat WHERE name = 'band_pieces' ORDER BY pageno DESC LIMIT 1").pluck().get() as number;
    const size = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const bytes = readFileSync(damaged);
    bytes.fill(0xff, (page - 1) * size, page * size);
    writeFileSync(damaged, bytes);
    const c = reprints(['index', 'check', damaged]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(new RegExp(`^(reprints: ${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the file is damaged: band_pieces[ :].*\n)+$`));
    const day3 = join(dir, 'day3.jsonl');
    writeFileSync(day3, jsonl([{ id: 'a reprint', text: `${seedDocs[0].text}\nA new closing line.` }]));
    const a = reprints(['index', 'add', damaged, day3]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`reprints: ${damaged}: the index file is damaged (`);
    expect(a.stderr).not.toContain('unexpected failure');
  });

  it('backup copies the index to a file that checks clean and exports the same; without a copy to write it is a usage error', () => {
    const copy = join(dir, 'copy.reprints');
    const b = reprints(['index', 'backup', index, copy]);
    expect(b.code).toBe(0);
    expect(b.stderr).toContain(`reprints: ${index}: copied to ${copy} (`);
    expect(b.stderr).toMatch(/ MB; 5 documents, \d+ adds\)\n$/);
    expect(reprints(['index', 'check', copy]).code).toBe(0);
    expect(reprints(['index', 'export', copy, '-f', 'json']).stdout).toBe(reprints(['index', 'export', index, '-f', 'json']).stdout);
    const none = reprints(['index', 'backup', index]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('reprints: index backup: give the index, then the file to copy it to (reprints index backup INDEX COPY)\n');
    expect(reprints(['index', 'backup', index, copy, 'extra']).code).toBe(2);
  });

  it('an index given to the main command as input is named as one, with the verb that reads it', () => {
    const r = reprints([index, '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`reprints: warning: skipped ${index}: an SQLite database (a reprints index?), not documents; read an index with reprints index export ${index}\n`);
  });

  it('bug (an add of input that was all skipped exited 0): exit 1 and the index as it was, its adds uncounted', () => {
    const before = reprints(['index', 'stats', index, '-f', 'json']).stdout;
    const notext = join(dir, 'notext.jsonl');
    writeFileSync(notext, '{"id":"z","body":"no text field"}\n');
    const r = reprints(['index', 'add', index, notext]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`reprints: no documents were read from ${notext}: every file or record was skipped`);
    expect(reprints(['index', 'stats', index, '-f', 'json']).stdout).toBe(before);
  });

  it('the main command keeps working unchanged beside the subcommand', () => {
    const r = reprints([SEEDS, '-q', '-f', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).clusters).toHaveLength(1);
  });
});

describe('mergesLine', () => {
  it('names the first merges and counts the rest', () => {
    expect(mergesLine([{ id: 3, absorbed: [7] }])).toBe('1 cluster merged into another (absorbed → kept): 7 → 3');
    const many = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, absorbed: i === 0 ? [10, 11] : [20 + i] }));
    expect(mergesLine(many)).toBe(
      '8 clusters merged into 7 others (absorbed → kept): 10, 11 → 1; 21 → 2; 22 → 3; 23 → 4; 24 → 5; … (2 more under merges in -f json)',
    );
  });
});

describe('summary counts of the index verbs (bug: "holds 31030 documents" beside "1,686 documents read")', () => {
  it('groups the digits of what the index holds, as the run counts are grouped', () => {
    expect(indexSummaryLine('reprints: 1,686 documents read', 'news.reprints', 31030, false)).toBe('reprints: 1,686 documents read; news.reprints holds 31,030 documents');
    expect(indexSummaryLine('run', 'x', 1, true)).toBe('run; x holds 1 document (unchanged)');
  });

  it('groups the digits of a check and of merges, and counts one in the singular', () => {
    expect(checkedLine('x', { documents: 31030, pairs: 53812, clusters: 1 })).toBe('x: ok — 31,030 documents, 53,812 pairs, 1 cluster');
    const many = Array.from({ length: 1200 }, (_, i) => ({ id: i + 1, absorbed: [5000 + i] }));
    expect(mergesLine(many)).toMatch(/^1,200 clusters merged into 1,200 others /);
  });
});
