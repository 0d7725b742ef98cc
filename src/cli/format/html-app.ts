/// <reference lib="dom" />
/**
 * The script of the `--format html` report, run by the browser. `reportApp` is inlined into the page by
 * its source text (`reportApp.toString()`), so it must be self-contained: no imports, no references to
 * anything outside its own body. It reads the page's data (a JSON script element, see `html.ts` for the
 * layout), renders with `textContent` and `createElement` only (never `innerHTML`), so no text, id, series
 * or date from the corpus can become markup, and diffs a pair's passages with jsdiff (`window.Diff`,
 * inlined by `html.ts`) when the pair is shown.
 */

/** The page's data, as `html.ts` writes it. */
export interface ReportData {
  /** Layout version of this data. */
  v: number;
  summary: { documents: number; clusters: number; pairs: number; documentsInClusters: number; params: Record<string, unknown> };
  /**
   * Documents that appear in a cluster: `[id, series, date, length, instant]`, `''` for an absent series or
   * date; `instant` is the date in ms since 1970 as the engine reads it (`parseDate`), null when unreadable.
   */
  docs: Array<[string, string, string, number, number | null]>;
  /** Per document (same index): the stored stretches of its text, `[start, text]`, the spans and their context. */
  seg: Array<Array<[number, string]>>;
  /** Series present in the clusters, sorted. */
  series: string[];
  /**
   * Clusters, largest first: `[id, documents, passages, pairs]`; passages flat as `doc, start, end, similarity`
   * (similarity to the earliest copy × 1000, −1 when none), pairs flat as `docA, startA, endA, docB, startB,
   * endB, similarity × 1000, kind` (kind: 0 verbatim, 1 edited, 2 reordered).
   */
  clusters: Array<[number, number, number[], number[]]>;
  /** Characters of context stored around every span. */
  context: number;
}

/** Minimal typing of the jsdiff calls the page makes. */
interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}
interface DiffLib {
  diffWords(a: string, b: string, options: { intlSegmenter?: unknown; timeout?: number }): DiffPart[] | undefined;
}

/**
 * Render the report into `document.body`.
 * @param data the report data
 * @param Diff jsdiff's global (`window.Diff`)
 */
export function reportApp(data: ReportData, Diff: DiffLib): void {
  const PAGE = 50;
  const EXCERPT = 220;
  const nf = new Intl.NumberFormat('en-US');
  const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'word' }) : undefined;

  type Attrs = Record<string, string>;
  /** An element with attributes and children (strings become text nodes: never parsed as markup). */
  function el(tag: string, attrs?: Attrs | null, ...children: Array<Node | string | null | undefined | false>): HTMLElement {
    const e = document.createElement(tag);
    if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, attrs[k]);
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }
  /** A document id: a link when it is an http(s) URL, isolated from the surrounding text either way. */
  function docLabel(i: number): HTMLElement {
    const id = data.docs[i][0];
    if (/^https?:\/\//i.test(id)) {
      const a = el('a', { class: 'doc', dir: 'auto', rel: 'noopener noreferrer', target: '_blank' }, id);
      (a as HTMLAnchorElement).href = id;
      return el('bdi', null, a);
    }
    return el('bdi', { class: 'doc', dir: 'auto' }, id);
  }
  function seriesChip(i: number): HTMLElement | null {
    const s = data.docs[i][1];
    return s === '' ? null : el('bdi', { class: 'series', dir: 'auto' }, s);
  }
  function dateLabel(i: number): HTMLElement {
    const d = data.docs[i][2];
    return d === '' ? el('span', { class: 'date none' }, 'no date') : el('bdi', { class: 'date', dir: 'ltr' }, d);
  }
  /** Original text of a document from `start` to `end`, clamped to what the report stores. */
  function slice(doc: number, start: number, end: number): string {
    for (const [at, text] of data.seg[doc]) {
      if (start >= at && start <= at + text.length) return text.slice(start - at, Math.min(end, at + text.length) - at);
    }
    return '';
  }
  function storedRange(doc: number, start: number): [number, number] {
    for (const [at, text] of data.seg[doc]) if (start >= at && start <= at + text.length) return [at, at + text.length];
    return [start, start];
  }
  /** Kinds of match by their code in the data. */
  const KINDS = ['verbatim', 'edited', 'reordered'];

  function sim(v: number): string {
    return (Math.floor(v / 10) / 100).toFixed(2);
  }
  function plural(n: number, word: string): string {
    return `${nf.format(n)} ${word}${n === 1 ? '' : 's'}`;
  }
  function excerpt(text: string): string {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length <= EXCERPT ? flat : `${flat.slice(0, EXCERPT).trimEnd()} …`;
  }

  // ---------- state and filters ----------
  /** `kind`: the code (index into KINDS) a cluster must have a pair of, −1 for any. */
  const state = { q: '', series: '', min: 2, kind: -1, page: 0 };
  /** Whether cluster `ci` has a pair of kind `kind` (its pairs' kinds, as a bit set, computed once). */
  const kindBits = data.clusters.map(([, , , q]) => {
    let bits = 0;
    for (let k = 7; k < q.length; k += 8) bits |= 1 << q[k];
    return bits;
  });
  const hasKind = (ci: number, kind: number): boolean => (kindBits[ci] & (1 << kind)) !== 0;
  let haystacks: string[] | undefined;
  function haystack(ci: number): string {
    if (!haystacks) {
      haystacks = data.clusters.map(([, , p]) => {
        const parts: string[] = [slice(p[0], p[1], p[2])];
        for (let k = 0; k < p.length; k += 4) parts.push(data.docs[p[k]][0], data.docs[p[k]][1]);
        return parts.join('\n').toLowerCase();
      });
    }
    return haystacks[ci];
  }
  function matching(): number[] {
    const out: number[] = [];
    const q = state.q.trim().toLowerCase();
    for (let ci = 0; ci < data.clusters.length; ci++) {
      const [, docs, p] = data.clusters[ci];
      if (docs < state.min) continue;
      if (state.kind >= 0 && !hasKind(ci, state.kind)) continue;
      if (state.series !== '') {
        let found = false;
        for (let k = 0; k < p.length && !found; k += 4) found = data.docs[p[k]][1] === state.series;
        if (!found) continue;
      }
      if (q !== '' && !haystack(ci).includes(q)) continue;
      out.push(ci);
    }
    return out;
  }

  // ---------- layout ----------
  const root = el('main');
  document.body.append(root);
  const s = data.summary;
  const header = el(
    'header',
    null,
    el('h1', null, 'Reprints report'),
    el(
      'p',
      { class: 'overview' },
      [
        plural(s.documents, 'document') + ' read',
        plural(s.clusters, 'cluster'),
        plural(s.pairs, 'aligned pair'),
        `${plural(s.documentsInClusters, 'document')} in a cluster`,
      ].join(' · '),
    ),
  );
  const params = el('details', { class: 'params' }, el('summary', null, 'Parameters'));
  const table = el('table');
  for (const k of Object.keys(s.params)) {
    const v = s.params[k];
    table.append(el('tr', null, el('th', null, k), el('td', null, typeof v === 'object' ? JSON.stringify(v) : String(v))));
  }
  params.append(table);
  header.append(params);
  root.append(header);

  const listView = el('section', { id: 'list' });
  const detailView = el('section', { id: 'detail', hidden: '' });
  root.append(listView, detailView);

  const search = el('input', { type: 'search', id: 'q', placeholder: 'Search passages, ids, series', dir: 'auto', 'aria-label': 'Search' }) as HTMLInputElement;
  const seriesSelect = el('select', { id: 'series', 'aria-label': 'Series' }, el('option', { value: '' }, 'all series')) as HTMLSelectElement;
  for (const name of data.series) seriesSelect.append(el('option', { value: name }, name));
  const sizeSelect = el('select', { id: 'size', 'aria-label': 'Size' }) as HTMLSelectElement;
  for (const n of [2, 3, 5, 10, 20, 50]) sizeSelect.append(el('option', { value: String(n) }, `≥ ${n} documents`));
  // Kind of match: clusters with a pair of that kind; the cluster's pair list then shows only those pairs.
  const kindSelect = el('select', { id: 'kind', 'aria-label': 'Kind of match' }, el('option', { value: '-1' }, 'all kinds of match')) as HTMLSelectElement;
  KINDS.forEach((name, code) => {
    let n = 0;
    for (let ci = 0; ci < data.clusters.length; ci++) if (hasKind(ci, code)) n++;
    kindSelect.append(el('option', { value: String(code) }, `${name} (${plural(n, 'cluster')})`));
  });
  const count = el('p', { class: 'count', id: 'count', 'aria-live': 'polite' });
  const list = el('ol', { class: 'clusters', id: 'clusters' });
  const pager = el('nav', { class: 'pager' });
  listView.append(el('div', { class: 'filters' }, search, seriesSelect, sizeSelect, kindSelect), count, list, pager);

  function clusterCard(ci: number): HTMLElement {
    const [id, docs, p] = data.clusters[ci];
    const series = new Set<string>();
    for (let k = 0; k < p.length; k += 4) if (data.docs[p[k]][1] !== '') series.add(data.docs[p[k]][1]);
    const dates = [data.docs[p[0]][2], data.docs[p[p.length - 4]][2]].filter((d) => d !== '');
    const chips = el('span', { class: 'chips' });
    let shown = 0;
    for (const name of series) {
      if (shown++ === 6) {
        chips.append(el('span', { class: 'more' }, `+${series.size - 6}`));
        break;
      }
      chips.append(el('bdi', { class: 'series', dir: 'auto' }, name));
    }
    const link = el('a', { href: `#cluster-${id}`, class: 'card' });
    link.append(
      el(
        'span',
        { class: 'card-head' },
        el('strong', null, `Cluster ${id}`),
        ` · ${plural(docs, 'document')} · ${plural(p.length / 4, 'passage')}`,
        dates.length ? ` · ${dates[0]}${dates.length > 1 && dates[1] !== dates[0] ? ` → ${dates[1]}` : ''}` : '',
      ),
      chips,
      el('span', { class: 'excerpt', dir: 'auto' }, excerpt(slice(p[0], p[1], p[2]))),
    );
    return el('li', { 'data-cluster': String(id) }, link);
  }

  function renderList(): void {
    const hits = matching();
    const pages = Math.max(1, Math.ceil(hits.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    const from = state.page * PAGE;
    const shown = hits.slice(from, from + PAGE);
    count.textContent =
      hits.length === 0
        ? 'No cluster matches.'
        : `${nf.format(hits.length)} of ${nf.format(data.clusters.length)} clusters match · showing ${nf.format(from + 1)}–${nf.format(from + shown.length)}`;
    list.replaceChildren(...shown.map(clusterCard));
    list.setAttribute('start', String(from + 1));
    const prev = el('button', { type: 'button', id: 'prev' }, '← Previous') as HTMLButtonElement;
    const next = el('button', { type: 'button', id: 'next' }, 'Next →') as HTMLButtonElement;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    prev.onclick = () => {
      state.page--;
      renderList();
      window.scrollTo(0, 0);
    };
    next.onclick = () => {
      state.page++;
      renderList();
      window.scrollTo(0, 0);
    };
    pager.replaceChildren(prev, el('span', null, `Page ${nf.format(state.page + 1)} of ${nf.format(pages)}`), next);
  }

  let timer: number | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.q = search.value;
      state.page = 0;
      renderList();
    }, 150);
  });
  seriesSelect.addEventListener('change', () => {
    state.series = seriesSelect.value;
    state.page = 0;
    renderList();
  });
  sizeSelect.addEventListener('change', () => {
    state.min = Number(sizeSelect.value);
    state.page = 0;
    renderList();
  });
  kindSelect.addEventListener('change', () => {
    state.kind = Number(kindSelect.value);
    state.page = 0;
    renderList();
  });

  // ---------- one cluster ----------
  function timeline(p: number[]): HTMLElement | null {
    const times: number[] = [];
    for (let k = 0; k < p.length; k += 4) times.push(data.docs[p[k]][4] ?? Number.NaN);
    const valid = times.filter((t) => !Number.isNaN(t));
    if (valid.length < 2) return null;
    const lo = Math.min(...valid);
    const hi = Math.max(...valid);
    const bar = el('div', { class: 'timeline', 'aria-hidden': 'true' });
    times.forEach((t, i) => {
      if (Number.isNaN(t)) return;
      const dot = el('span', { class: i === 0 ? 'dot first' : 'dot', title: data.docs[p[i * 4]][2] });
      dot.style.left = `${hi === lo ? 50 : ((t - lo) / (hi - lo)) * 100}%`;
      bar.append(dot);
    });
    const first = data.docs[p[0]][2];
    const last = data.docs[p[p.length - 4]][2];
    return el('figure', { class: 'timeline-box' }, bar, el('figcaption', null, el('bdi', { dir: 'ltr' }, first), el('bdi', { dir: 'ltr' }, last)));
  }

  function textBlock(doc: number, start: number, end: number, parts: DiffPart[] | undefined, skip: 'added' | 'removed'): HTMLElement {
    const [lo, hi] = storedRange(doc, start);
    const from = Math.max(lo, start - data.context);
    const to = Math.min(hi, end + data.context);
    const block = el('div', { class: 'text', dir: 'auto' });
    if (from > 0) block.append(el('span', { class: 'ellipsis' }, '… '));
    block.append(el('span', { class: 'context' }, slice(doc, from, start)));
    const span = el('span', { class: 'span' });
    if (parts) {
      for (const part of parts) {
        if (part[skip]) continue;
        if (part.added) span.append(el('ins', null, part.value));
        else if (part.removed) span.append(el('del', null, part.value));
        else span.append(part.value);
      }
    } else {
      span.append(slice(doc, start, end));
    }
    block.append(span, el('span', { class: 'context' }, slice(doc, end, to)));
    if (to < data.docs[doc][3]) block.append(el('span', { class: 'ellipsis' }, ' …'));
    return block;
  }

  function side(doc: number, start: number, end: number, parts: DiffPart[] | undefined, skip: 'added' | 'removed'): HTMLElement {
    return el(
      'div',
      { class: 'side' },
      el('div', { class: 'side-head' }, docLabel(doc), ' ', seriesChip(doc), ' ', dateLabel(doc), el('span', { class: 'range' }, ` ${start}–${end}`)),
      textBlock(doc, start, end, parts, skip),
    );
  }

  /**
   * Two spans side by side; `sv` is the similarity × 1000 of the aligned pair joining exactly them and
   * `kind` its kind (index into KINDS), −1 when none does.
   */
  function pairView(da: number, sa: number, ea: number, db: number, sb: number, eb: number, sv: number, kind: number): HTMLElement {
    const a = slice(da, sa, ea);
    const b = slice(db, sb, eb);
    let parts: DiffPart[] | undefined;
    try {
      parts = Diff.diffWords(a, b, { intlSegmenter: segmenter, timeout: 3000 });
    } catch {
      parts = undefined;
    }
    let changed = 0;
    for (const part of parts ?? []) if (part.added || part.removed) changed++;
    return el(
      'div',
      { class: 'pair', id: 'pair' },
      el(
        'p',
        { class: 'pair-note' },
        sv >= 0 ? `Similarity ${sim(sv)}, ${KINDS[kind]} · ` : 'No aligned pair joins exactly these two spans · ',
        parts ? `${nf.format(changed)} changed stretch${changed === 1 ? '' : 'es'}: ` : 'too long to compare word by word',
        parts ? el('del', null, 'only in the first') : '',
        parts ? ' ' : '',
        parts ? el('ins', null, 'only in the second') : '',
      ),
      el('div', { class: 'sides' }, side(da, sa, ea, parts, 'added'), side(db, sb, eb, parts, 'removed')),
    );
  }

  function renderDetail(ci: number): void {
    const [id, docs, p, q] = data.clusters[ci];
    const rows = el('tbody');
    for (let k = 0; k < p.length; k += 4) {
      const [doc, start, end, sv] = [p[k], p[k + 1], p[k + 2], p[k + 3]];
      rows.append(
        el(
          'tr',
          null,
          el('td', null, dateLabel(doc)),
          el('td', null, seriesChip(doc) ?? ''),
          el('td', { class: 'id-cell' }, docLabel(doc)),
          el('td', { class: 'num' }, `${start}–${end}`),
          el('td', { class: 'num' }, nf.format(end - start)),
          el('td', null, k === 0 ? 'earliest' : sv >= 0 ? sim(sv) : ''),
        ),
      );
    }
    const copies = el(
      'table',
      { class: 'copies' },
      el('thead', null, el('tr', null, ...['date', 'series', 'document', 'span', 'chars', 'similarity'].map((h) => el('th', null, h)))),
      rows,
    );
    const pairSelect = el('select', { id: 'pair-select', 'aria-label': 'Pair' }) as HTMLSelectElement;
    // With a kind chosen, only the pairs of that kind (all of them when the cluster has none, reached by its link).
    const onlyKind = state.kind >= 0 && hasKind(ci, state.kind) ? state.kind : -1;
    for (let k = 0; k < q.length / 8; k++) {
      if (onlyKind >= 0 && q[k * 8 + 7] !== onlyKind) continue;
      const idA = data.docs[q[k * 8]][0];
      const idB = data.docs[q[k * 8 + 3]][0];
      pairSelect.append(el('option', { value: String(k) }, `${idA} ↔ ${idB} (similarity ${sim(q[k * 8 + 6])}, ${KINDS[q[k * 8 + 7]]})`));
    }
    const pairBox = el('div', { class: 'pair-box' });
    const showPair = () => {
      const k = Number(pairSelect.value) * 8;
      pairBox.replaceChildren(pairView(q[k], q[k + 1], q[k + 2], q[k + 3], q[k + 4], q[k + 5], q[k + 6], q[k + 7]));
    };
    pairSelect.addEventListener('change', showPair);
    // Any two copies, aligned directly or not: their passages as the cluster reports them.
    const copyLabel = (k: number) => `${data.docs[p[k * 4]][0]} ${p[k * 4 + 1]}–${p[k * 4 + 2]}`;
    const copyA = el('select', { id: 'copy-a', 'aria-label': 'First copy' }) as HTMLSelectElement;
    const copyB = el('select', { id: 'copy-b', 'aria-label': 'Second copy' }) as HTMLSelectElement;
    for (let k = 0; k < p.length / 4; k++) {
      copyA.append(el('option', { value: String(k) }, copyLabel(k)));
      copyB.append(el('option', { value: String(k) }, copyLabel(k)));
    }
    copyB.value = '1';
    const showCopies = () => {
      const a = Number(copyA.value) * 4;
      const b = Number(copyB.value) * 4;
      const [da, sa, ea, db, sb, eb] = [p[a], p[a + 1], p[a + 2], p[b], p[b + 1], p[b + 2]];
      // The similarity of an aligned pair joining exactly these two spans, if there is one.
      let sv = -1;
      let kind = -1;
      for (let k = 0; k < q.length; k += 8) {
        const same = (x: number, y: number) => q[k + x] === da && q[k + x + 1] === sa && q[k + x + 2] === ea && q[k + y] === db && q[k + y + 1] === sb && q[k + y + 2] === eb;
        if (same(0, 3) || same(3, 0)) [sv, kind] = [q[k + 6], q[k + 7]];
      }
      pairBox.replaceChildren(pairView(da, sa, ea, db, sb, eb, sv, kind));
    };
    copyA.addEventListener('change', showCopies);
    copyB.addEventListener('change', showCopies);
    detailView.replaceChildren(
      el('p', null, el('a', { href: '#', class: 'back' }, '← All clusters')),
      el('h2', null, `Cluster ${id}: ${plural(docs, 'document')}, ${plural(p.length / 4, 'passage')}`),
      el('h3', null, 'Copies, earliest first'),
      timeline(p) ?? '',
      el('div', { class: 'table-wrap' }, copies),
      el('h3', null, 'The passage (earliest copy)'),
      el('div', { class: 'text passage', dir: 'auto' }, slice(p[0], p[1], p[2])),
      el('h3', null, 'Side by side'),
      q.length
        ? el('div', { class: 'pair-pick' }, el('label', { for: 'pair-select' }, onlyKind >= 0 ? `Aligned pair (${KINDS[onlyKind]} only)` : 'Aligned pair'), pairSelect)
        : el('p', null, 'No aligned pair.'),
      el('div', { class: 'pair-pick' }, el('label', { for: 'copy-a' }, 'Or any two copies'), el('div', { class: 'copy-picks' }, copyA, el('span', null, '↔'), copyB)),
      pairBox,
    );
    if (q.length) showPair();
  }

  const byId = new Map<number, number>();
  data.clusters.forEach((c, ci) => byId.set(c[0], ci));
  let listScroll = 0;
  function route(): void {
    const m = /^#cluster-(\d+)$/.exec(location.hash);
    const ci = m ? byId.get(Number(m[1])) : undefined;
    if (ci !== undefined) {
      if (detailView.hidden) listScroll = window.scrollY;
      renderDetail(ci);
      listView.hidden = true;
      detailView.hidden = false;
      window.scrollTo(0, 0);
    } else {
      detailView.hidden = true;
      detailView.replaceChildren();
      listView.hidden = false;
      window.scrollTo(0, listScroll);
    }
  }
  window.addEventListener('hashchange', route);
  renderList();
  route();
  document.documentElement.setAttribute('data-ready', '1');
}
