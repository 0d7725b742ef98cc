;; Stage 2 (sign) — the MinHash band keys of a document's overlapping passage windows, in WebAssembly.
;;
;; The same arithmetic as `signature.ts` (one-permutation hashing, optimal densification) and
;; `lsh.ts` (band keys), bit for bit: every operation is 32-bit integer arithmetic mod 2^32, which
;; JavaScript's Math.imul, ^, >>> and | 0 compute too. What WebAssembly adds is speed on the inner
;; loop (a window's shingles lowering their bins' minima: ~1.1 ns a shingle here against ~4 ns as
;; JavaScript, whose typed-array stores and loads each carry a bounds check).
;;
;; Built into `window-signer-bytes.ts` by `npm run build:wasm` (wabt); a test checks that the
;; bytes there are this file's.
(module
;; The memory is the caller's (imported, never grown here): growing a memory detaches its old
  ;; ArrayBuffer, and in V8 the first detached buffer of a process makes every typed-array access
  ;; of optimized JavaScript check for detachment from then on (about 8 % slower engine-wide). A
  ;; caller that needs more makes a larger memory and a new instance.
  (import "env" "memory" (memory 1))

  ;; MurmurHash3's 32-bit finalizer (`fmix32` in shingle.ts).
  (func $fmix32 (param $h i32) (result i32)
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; The hash of every k-gram of the `n` u16 units at `units` (`shingleHashes` in shingle.ts: a
  ;; polynomial rolling hash, then its xor-shift-multiply finalizer), into the i32 array at
  ;; `hashes`; n ≥ k. Hot steps are written out in place, not called: V8 does not inline
  ;; WebAssembly calls, and a call per shingle or per comparison costs more than the work.
  (func (export "shingle") (param $units i32) (param $n i32) (param $k i32) (param $hashes i32)
    (local $top i32) (local $h i32) (local $i i32) (local $f i32)
    (local.set $top (i32.const 1))
    (local.set $i (i32.const 1))
    (block $topDone
      (loop $topLoop
        (br_if $topDone (i32.ge_u (local.get $i) (local.get $k)))
        (local.set $top (i32.mul (local.get $top) (i32.const 0x01000193)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $topLoop)))
    (local.set $i (i32.const 0))
    (block $firstDone
      (loop $first
        (br_if $firstDone (i32.ge_u (local.get $i) (local.get $k)))
        (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 0x01000193))
          (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $i) (i32.const 1))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $first)))
    (i32.store (local.get $hashes) (i32.xor (local.tee $f (i32.mul (local.tee $f (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15)))) (i32.const 0x2c1b3c6d))) (i32.shr_u (local.get $f) (i32.const 12))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.add
          (i32.mul
            (i32.sub (local.get $h)
              (i32.mul (i32.load16_u (i32.add (local.get $units) (i32.shl (i32.sub (local.get $i) (local.get $k)) (i32.const 1))))
                       (local.get $top)))
            (i32.const 0x01000193))
          (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $i) (i32.const 1))))))
        (i32.store (i32.add (local.get $hashes) (i32.shl (i32.add (i32.sub (local.get $i) (local.get $k)) (i32.const 1)) (i32.const 2)))
          (i32.xor (local.tee $f (i32.mul (local.tee $f (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15)))) (i32.const 0x2c1b3c6d))) (i32.shr_u (local.get $f) (i32.const 12))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Winnowing (`winnow` in passages.ts, the same block minima and tie rules: the rightmost
  ;; minimum): positions of the minima of every `width` consecutive hashes of the `n` at `hashes`
  ;; (unsigned), each once, into the i32 array at `out`; `suffix` is `width` i32 of scratch
  ;; (1 ≤ width ≤ n). Returns how many.
  (func (export "winnow") (param $hashes i32) (param $n i32) (param $width i32) (param $out i32) (param $suffix i32) (result i32)
    (local $count i32) (local $last i32) (local $start i32) (local $end i32) (local $previous i32)
    (local $m i32) (local $x i32) (local $prefix i32) (local $r i32) (local $l i32) (local $s i32)
    (local.set $last (i32.const -1))
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.ge_s (local.get $start) (local.get $n)))
        (local.set $end (i32.add (local.get $start) (local.get $width)))
        (if (i32.gt_s (local.get $end) (local.get $n)) (then (local.set $end (local.get $n))))
        (local.set $previous (i32.sub (local.get $start) (local.get $width)))
        (if (i32.ge_s (local.get $previous) (i32.const 0))
          (then
            ;; suffix[x − previous]: the rightmost minimum of the previous block from x to its end.
            (local.set $m (i32.sub (local.get $start) (i32.const 1)))
            (i32.store (i32.add (local.get $suffix) (i32.shl (i32.sub (local.get $width) (i32.const 1)) (i32.const 2))) (local.get $m))
            (local.set $x (i32.sub (local.get $start) (i32.const 2)))
            (block $sufDone
              (loop $suf
                (br_if $sufDone (i32.lt_s (local.get $x) (local.get $previous)))
                (if (i32.lt_u (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $x) (i32.const 2)))) (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $m) (i32.const 2)))))
                  (then (local.set $m (local.get $x))))
                (i32.store (i32.add (local.get $suffix) (i32.shl (i32.sub (local.get $x) (local.get $previous)) (i32.const 2))) (local.get $m))
                (local.set $x (i32.sub (local.get $x) (i32.const 1)))
                (br $suf)))))
        (local.set $prefix (local.get $start))
        (local.set $r (local.get $start))
        (block $rDone
          (loop $rLoop
            (br_if $rDone (i32.ge_s (local.get $r) (local.get $end)))
            (if (i32.le_u (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $r) (i32.const 2)))) (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $prefix) (i32.const 2)))))
              (then (local.set $prefix (local.get $r))))
            (local.set $l (i32.add (i32.sub (local.get $r) (local.get $width)) (i32.const 1)))
            (if (i32.ge_s (local.get $l) (i32.const 0))
              (then
                (local.set $m (local.get $prefix))
                (if (i32.lt_s (local.get $l) (local.get $start))
                  (then
                    (local.set $s (i32.load (i32.add (local.get $suffix) (i32.shl (i32.sub (local.get $l) (local.get $previous)) (i32.const 2)))))
                    (if (i32.lt_u (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $s) (i32.const 2)))) (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $prefix) (i32.const 2)))))
                      (then (local.set $m (local.get $s))))))
                (if (i32.ne (local.get $m) (local.get $last))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $m))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (local.set $last (local.get $m))))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rLoop)))
        (local.set $start (i32.add (local.get $start) (local.get $width)))
        (br $block)))
    (local.get $count))

    ;; Permute the `n` shingle hashes at byte `hashes` once: the bin of each into the u16 array at
  ;; `bins`, its value (low 30 bits) into the i32 array at `values`.
  (func (export "permute") (param $hashes i32) (param $n i32) (param $bins i32) (param $values i32)
        (param $size i32) (param $seedMix i32)
    (local $i i32) (local $g i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $g (i32.mul
          (i32.xor (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $i) (i32.const 2)))) (local.get $seedMix))
          (i32.const 0x85ebca6b)))
        (local.set $g (i32.xor (local.get $g) (i32.shr_u (local.get $g) (i32.const 15))))
        (i32.store16 (i32.add (local.get $bins) (i32.shl (local.get $i) (i32.const 1)))
          (i32.shr_u (i32.mul (i32.shr_u (local.get $g) (i32.const 16)) (local.get $size)) (i32.const 16)))
        (i32.store (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 2)))
          (i32.and (local.get $g) (i32.const 0x3fffffff)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; The band keys of `count` windows: window k holds the permuted shingles
  ;; [starts[k], min(starts[k] + span, n)) (i32 starts at byte `starts`, none empty). Its `bands`
  ;; keys go to the i32 array at `out`, window after window. `mins` and `sig` are `size` i32 each
  ;; of scratch. An empty bin is 0x7f7f7f7f here (any value of 2^30 or more cannot be a real one).
  (func (export "signWindows") (param $bins i32) (param $values i32) (param $n i32) (param $starts i32)
        (param $count i32) (param $span i32) (param $out i32) (param $mins i32) (param $sig i32)
        (param $size i32) (param $probeMix i32) (param $bands i32) (param $rows i32)
    (local $k i32) (local $i i32) (local $to i32) (local $slot i32) (local $v i32) (local $m i32)
    (local $t i32) (local $attempt i32) (local $h i32) (local $r i32) (local $row i32)
    (block $windowsDone
      (loop $window
        (br_if $windowsDone (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $i (i32.load (i32.add (local.get $starts) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $to (i32.add (local.get $i) (local.get $span)))
        (if (i32.gt_s (local.get $to) (local.get $n)) (then (local.set $to (local.get $n))))
        ;; Each bin's minimum over the window.
        (memory.fill (local.get $mins) (i32.const 0x7f) (i32.shl (local.get $size) (i32.const 2)))
        (block $shinglesDone
          (loop $shingle
            (br_if $shinglesDone (i32.ge_s (local.get $i) (local.get $to)))
            (local.set $slot (i32.add (local.get $mins)
              (i32.shl (i32.load16_u (i32.add (local.get $bins) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 2))))
            (local.set $v (i32.load (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $m (i32.load (local.get $slot)))
            (i32.store (local.get $slot) (select (local.get $v) (local.get $m) (i32.lt_s (local.get $v) (local.get $m))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $shingle)))
        ;; Optimal densification: an empty bin t takes the first non-empty bin of its probes.
        (local.set $t (i32.const 0))
        (block $binsDone
          (loop $bin
            (br_if $binsDone (i32.ge_u (local.get $t) (local.get $size)))
            (local.set $v (i32.load (i32.add (local.get $mins) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $attempt (i32.const 1))
            (block $found
              (loop $probe
                (br_if $found (i32.ne (local.get $v) (i32.const 0x7f7f7f7f)))
                (local.set $h (call $fmix32 (i32.xor
                  (i32.xor (i32.mul (i32.add (local.get $t) (i32.const 1)) (i32.const 0x9e3779b1))
                           (i32.mul (local.get $attempt) (i32.const 0x85ebca77)))
                  (local.get $probeMix))))
                (local.set $v (i32.load (i32.add (local.get $mins)
                  (i32.shl (i32.shr_u (i32.mul (i32.shr_u (local.get $h) (i32.const 16)) (local.get $size)) (i32.const 16))
                           (i32.const 2)))))
                (local.set $attempt (i32.add (local.get $attempt) (i32.const 1)))
                (br $probe)))
            (i32.store (i32.add (local.get $sig) (i32.shl (local.get $t) (i32.const 2))) (local.get $v))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $bin)))
        ;; Band keys: band t's `rows` values hashed with the band index mixed in.
        (local.set $t (i32.const 0))
        (local.set $row (local.get $sig))
        (block $bandsDone
          (loop $band
            (br_if $bandsDone (i32.ge_u (local.get $t) (local.get $bands)))
            (local.set $h (i32.mul (i32.add (local.get $t) (i32.const 1)) (i32.const 0x9e3779b1)))
            (local.set $r (i32.const 0))
            (block $rowsDone
              (loop $rowLoop
                (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
                (local.set $h (i32.add
                  (i32.mul (i32.xor (local.get $h) (i32.load (local.get $row))) (i32.const 0x01000193))
                  (local.get $r)))
                (local.set $row (i32.add (local.get $row) (i32.const 4)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rowLoop)))
            (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
            (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
            (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
            (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
            ;; (fmix32, written out)
            (i32.store (local.get $out) (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $band)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $window))))
)
