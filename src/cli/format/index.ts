/**
 * Output formats. Each turns the library result into chunks of text, written one by one so a large
 * result never has to be one string (except `json`, which must be exactly `JSON.stringify(result)`).
 */
import type { ReprintsResult } from '../../index.js';
import { formatCsv } from './csv.js';
import { formatHtml, type HtmlOptions } from './html.js';
import { formatJson } from './json.js';
import { formatJsonl } from './jsonl.js';
import { formatText } from './text.js';
import type { TextOptions } from './text.js';

export const FORMATS = ['text', 'json', 'jsonl', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** What the formats need besides the result: `text` for the text format, `html` (document texts) for html. */
export interface FormatOptions {
  text?: TextOptions;
  html?: HtmlOptions;
}

/** The chunks of `result` in `format`, in order. */
export function formatResult(format: Format, result: ReprintsResult, options: FormatOptions = {}): Iterable<string> {
  switch (format) {
    case 'text':
      return formatText(result, options.text);
    case 'json':
      return formatJson(result);
    case 'jsonl':
      return formatJsonl(result);
    case 'csv':
      return formatCsv(result);
    case 'html':
      return formatHtml(result, options.html ?? { text: () => undefined });
  }
}
