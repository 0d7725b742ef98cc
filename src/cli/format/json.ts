/** `--format json`: exactly the library's result, `JSON.stringify(result)`, and a newline. */
import type { ReprintsResult } from '../../index.js';

export function* formatJson(result: ReprintsResult): Iterable<string> {
  yield `${JSON.stringify(result)}\n`;
}
