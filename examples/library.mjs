import { readFileSync, readdirSync } from 'node:fs';
import { findReprints } from 'reprints';

const dir = 'examples/seeds';
const docs = readdirSync(dir).sort().map((f) => ({ id: f, text: readFileSync(`${dir}/${f}`, 'utf8') }));
const { clusters, pairs } = await findReprints(docs);
for (const c of clusters) console.log(c.id, c.passages.map((p) => `${p.doc} ${p.start}–${p.end}`));
for (const p of pairs) console.log(`${p.a.doc} ${p.a.start}–${p.a.end} ↔ ${p.b.doc} ${p.b.start}–${p.b.end}  ${p.similarity}`);
