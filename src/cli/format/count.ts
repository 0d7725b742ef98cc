/**
 * Counts for people: `31,030`. Whole numbers are grouped here rather than by `Intl.NumberFormat`,
 * whose first use loads ICU's number data: about 16 ms of every run that prints a summary line.
 */

/** `n` with thousands separators (en-US). */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** `n` things, counted: `1 document`, `31,030 documents`. */
export function counted(n: number, thing: string): string {
  return `${formatCount(n)} ${thing}${n === 1 ? '' : 's'}`;
}
