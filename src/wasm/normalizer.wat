;; Stage 1 (normalize) — the normalization loop, in WebAssembly.
;;
;; The loop of `Normalizer` (normalize.ts): one table read per UTF-16 unit decides most characters
;; (folded to one unit, a separator, or dropped); the others — a table entry not computed yet, a folding into several
;; units, a surrogate — stop the loop, and JavaScript folds that code point and resumes it. As
;; WebAssembly the loop takes about 3.7 ns a character on SaudiNewsNet's text, against 6.7 ns as
;; JavaScript. What is left is mostly mispredicted branches at word boundaries: a branch-free
;; version (stores made whatever the entry, `select` for the state) took 4.5 ns, its chain of
;; dependent operations from one character to the next being longer.
;;
;; Built into `normalizer-bytes.ts` by `npm run build:wasm` (wabt); a test checks that the bytes
;; there are this file's.
(module
  ;; The memory is the caller's (imported, never grown here; see `window-signer.wat` on why).
  (import "env" "memory" (memory 1))

  ;; Normalize the UTF-16 units `text[from .. n)` into `codes` (and, when `withMap` is not 0, each
  ;; written unit's original span into the i32 arrays `starts` and `ends`), with the i32 table of
  ;; 65,536 entries at `table` (normalize.ts: DROP 1, SEPARATOR 2, MULTI 3, else unit + OFFSET 4; 0
  ;; not computed yet). The loop's state is three i32 at address 0: how many units are written, the
  ;; start of the pending run of separators (−1 none, −2 before the first unit) and its end. Returns
  ;; where it stopped: `n`, or the position of a unit it leaves to JavaScript.
  (func (export "run") (param $text i32) (param $from i32) (param $n i32) (param $table i32)
        (param $codes i32) (param $starts i32) (param $ends i32) (param $withMap i32) (result i32)
    (local $i i32) (local $len i32) (local $sep i32) (local $sepEnd i32) (local $cp i32) (local $e i32)
    (local.set $i (local.get $from))
    (local.set $len (i32.load (i32.const 0)))
    (local.set $sep (i32.load (i32.const 4)))
    (local.set $sepEnd (i32.load (i32.const 8)))
    (block $stop
      (loop $next
        (br_if $stop (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $cp (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $e (i32.load (i32.add (local.get $table) (i32.shl (local.get $cp) (i32.const 2)))))
        (if (i32.ge_s (local.get $e) (i32.const 4))
          (then
            ;; A unit: after one space for the pending run of separators, if any.
            (if (i32.ge_s (local.get $sep) (i32.const 0))
              (then
                (i32.store16 (i32.add (local.get $codes) (i32.shl (local.get $len) (i32.const 1))) (i32.const 0x20))
                (if (local.get $withMap)
                  (then
                    (i32.store (i32.add (local.get $starts) (i32.shl (local.get $len) (i32.const 2))) (local.get $sep))
                    (i32.store (i32.add (local.get $ends) (i32.shl (local.get $len) (i32.const 2))) (local.get $sepEnd))))
                (local.set $len (i32.add (local.get $len) (i32.const 1)))))
            (i32.store16 (i32.add (local.get $codes) (i32.shl (local.get $len) (i32.const 1))) (i32.sub (local.get $e) (i32.const 4)))
            (if (local.get $withMap)
              (then
                (i32.store (i32.add (local.get $starts) (i32.shl (local.get $len) (i32.const 2))) (local.get $i))
                (i32.store (i32.add (local.get $ends) (i32.shl (local.get $len) (i32.const 2))) (i32.add (local.get $i) (i32.const 1)))))
            (local.set $len (i32.add (local.get $len) (i32.const 1)))
            (local.set $sep (i32.const -1))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        ;; A surrogate is JavaScript's (a pair is folded whole; a lone one separates).
        (br_if $stop (i32.lt_u (i32.sub (local.get $cp) (i32.const 0xd800)) (i32.const 0x800)))
        (if (i32.eq (local.get $e) (i32.const 2))
          (then
            ;; A separator starts (or continues) the pending run.
            (if (i32.eq (local.get $sep) (i32.const -1))
              (then
                (local.set $sep (local.get $i))
                (local.set $sepEnd (i32.add (local.get $i) (i32.const 1)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        ;; A dropped unit leaves no trace; anything else (0, MULTI) is JavaScript's.
        (br_if $stop (i32.ne (local.get $e) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (i32.const 0) (local.get $len))
    (i32.store (i32.const 4) (local.get $sep))
    (i32.store (i32.const 8) (local.get $sepEnd))
    (local.get $i)))
