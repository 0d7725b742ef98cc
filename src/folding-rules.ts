/**
 * Stage 1 (normalize) — character folding rules as data: which code points each normalization rule drops or rewrites.
 * One entry per rule; `normalize.ts` applies them after NFKC and case folding.
 */
import type { NormalizationRules } from './types.js';

/** A rule over code points: `to` is the replacement code point, or `null` to drop the character. */
export interface FoldRule {
  rule: keyof NormalizationRules;
  /** Inclusive code point ranges [from, to]. */
  ranges: ReadonlyArray<readonly [number, number]>;
  /** Replacement: a fixed code point, a function of the code point, or null to drop. */
  to: number | ((cp: number) => number) | null;
}

export const FOLD_RULES: readonly FoldRule[] = [
  // Harakat (fathatan … sukun), Quranic small marks and hamza above/below: U+064B–U+065F.
  { rule: 'arabicMarks', ranges: [[0x064b, 0x065f]], to: null },
  // Superscript (dagger) alef U+0670.
  { rule: 'arabicMarks', ranges: [[0x0670, 0x0670]], to: null },
  // Quranic annotation marks U+06D6–U+06ED (small high ligatures, sajdah, small low seen…).
  { rule: 'arabicMarks', ranges: [[0x06d6, 0x06ed]], to: null },
  // Tatweel (kashida) U+0640 only stretches a word: ـــ.
  { rule: 'tatweel', ranges: [[0x0640, 0x0640]], to: null },
  // Alef with madda (آ U+0622), hamza above (أ U+0623), hamza below (إ U+0625) → bare alef ا.
  { rule: 'alef', ranges: [[0x0622, 0x0623], [0x0625, 0x0625]], to: 0x0627 },
  // Alef wasla ٱ U+0671 → bare alef ا.
  { rule: 'alef', ranges: [[0x0671, 0x0671]], to: 0x0627 },
  // Alef maksura ى U+0649 → yeh ي U+064A (spelled either way in news copy).
  { rule: 'yeh', ranges: [[0x0649, 0x0649]], to: 0x064a },
  // Teh marbuta ة U+0629 → heh ه U+0647.
  { rule: 'tehMarbuta', ranges: [[0x0629, 0x0629]], to: 0x0647 },
  // Persian keheh ک U+06A9 → Arabic kaf ك U+0643.
  { rule: 'persian', ranges: [[0x06a9, 0x06a9]], to: 0x0643 },
  // Farsi yeh ی U+06CC → Arabic yeh ي U+064A.
  { rule: 'persian', ranges: [[0x06cc, 0x06cc]], to: 0x064a },
  // Arabic-Indic digits ٠–٩ U+0660–U+0669 → 0–9.
  { rule: 'digits', ranges: [[0x0660, 0x0669]], to: (cp) => cp - 0x0660 + 0x30 },
  // Eastern Arabic-Indic (Persian/Urdu) digits ۰–۹ U+06F0–U+06F9 → 0–9.
  { rule: 'digits', ranges: [[0x06f0, 0x06f9]], to: (cp) => cp - 0x06f0 + 0x30 },
];

/** Scripts whose marks are governed by `arabicMarks`, not by `latinDiacritics`. */
export function isArabicBlock(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfeff);
}
