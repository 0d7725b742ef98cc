/**
 * Counts for people: `31,030`. The formatter is made on first use, not when the CLI loads: making
 * an `Intl.NumberFormat` costs about 9 ms, which a run that prints no count (`--quiet`, a
 * machine format) should not pay.
 */
let formatter: Intl.NumberFormat | undefined;

/** `n` with thousands separators (en-US). */
export function formatCount(n: number): string {
  formatter ??= new Intl.NumberFormat('en-US');
  return formatter.format(n);
}

/** `n` things, counted: `1 document`, `31,030 documents`. */
export function counted(n: number, thing: string): string {
  return `${formatCount(n)} ${thing}${n === 1 ? '' : 's'}`;
}
