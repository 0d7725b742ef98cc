;; Stage 3 (lsh) — one band's windows grouped by key, in WebAssembly.
;;
;; The same steps as `lsh.ts` describes, with the same results in the same order: the keys a second
;; document may hold marked in a bit set (`mark`), the windows whose key passes gathered with their
;; documents (`gather`), and a stable counting sort of windows by key whose runs of equal keys are
;; listed for pairing (`sort`). The arrays are the caller's, in this module's memory.
;;
;; Built into `band-sorter-bytes.ts` by `npm run build:wasm` (wabt); a test checks that the bytes
;; there are this file's.
(module
  ;; The memory is the caller's (imported, never grown here; see `window-signer.wat` on why).
  (import "env" "memory" (memory 1))

  ;; Mark the `n` keys at `keys` in the bit sets `seen` and `twice` (a key's bit is its top bits
  ;; from `shift` after multiplying by 0x9e3779b1): a bit met a second time is set in `twice`.
  (func (export "mark") (param $keys i32) (param $n i32) (param $seen i32) (param $twice i32) (param $shift i32)
    (local $j i32) (local $h i32) (local $byte i32) (local $bit i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $h (i32.shr_u
          (i32.mul (i32.load (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 0x9e3779b1))
          (local.get $shift)))
        (local.set $byte (i32.shr_u (local.get $h) (i32.const 3)))
        (local.set $bit (i32.shl (i32.const 1) (i32.and (local.get $h) (i32.const 7))))
        (i32.store8 (i32.add (local.get $twice) (local.get $byte))
          (i32.or (i32.load8_u (i32.add (local.get $twice) (local.get $byte)))
            (i32.and (i32.load8_u (i32.add (local.get $seen) (local.get $byte))) (local.get $bit))))
        (i32.store8 (i32.add (local.get $seen) (local.get $byte))
          (i32.or (i32.load8_u (i32.add (local.get $seen) (local.get $byte))) (local.get $bit)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next))))

  ;; The windows of one coded chunk (`n` windows: `coded` keys, `same` bits — window i repeats the
  ;; key before it) whose key passes `twice`, in window order: their documents (from the `runs`
  ;; runs `runDoc`/`runStart`, the first starting at 0) into `docs` and keys into `keys` from index
  ;; 0. Both are written for every window and kept when the key passes (no branch to mispredict).
  ;; Returns how many passed.
  (func (export "gather") (param $coded i32) (param $same i32) (param $n i32) (param $runDoc i32) (param $runStart i32)
        (param $runs i32) (param $twice i32) (param $shift i32) (param $docs i32) (param $keys i32) (result i32)
    (local $w i32) (local $j i32) (local $r i32) (local $doc i32) (local $next i32) (local $out i32) (local $key i32) (local $h i32)
    (local.set $doc (i32.load (local.get $runDoc)))
    (local.set $next (select (i32.load offset=4 (local.get $runStart)) (local.get $n) (i32.gt_s (local.get $runs) (i32.const 1))))
    (block $done
      (loop $window
        (br_if $done (i32.ge_u (local.get $w) (local.get $n)))
        (if (i32.eq (local.get $w) (local.get $next))
          (then
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (local.set $doc (i32.load (i32.add (local.get $runDoc) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $next (select
              (i32.load offset=4 (i32.add (local.get $runStart) (i32.shl (local.get $r) (i32.const 2))))
              (local.get $n)
              (i32.lt_s (i32.add (local.get $r) (i32.const 1)) (local.get $runs))))))
        (local.set $j (i32.add (local.get $j)
          (i32.xor (i32.and (i32.shr_u (i32.load8_u (i32.add (local.get $same) (i32.shr_u (local.get $w) (i32.const 3))))
                                       (i32.and (local.get $w) (i32.const 7)))
                            (i32.const 1))
                   (i32.const 1))))
        (local.set $key (i32.load (i32.add (local.get $coded) (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 2)))))
        (i32.store (i32.add (local.get $docs) (i32.shl (local.get $out) (i32.const 2))) (local.get $doc))
        (i32.store (i32.add (local.get $keys) (i32.shl (local.get $out) (i32.const 2))) (local.get $key))
        (local.set $h (i32.shr_u (i32.mul (local.get $key) (i32.const 0x9e3779b1)) (local.get $shift)))
        (local.set $out (i32.add (local.get $out)
          (i32.and (i32.shr_u (i32.load8_u (i32.add (local.get $twice) (i32.shr_u (local.get $h) (i32.const 3))))
                              (i32.and (local.get $h) (i32.const 7)))
                   (i32.const 1))))
        (local.set $w (i32.add (local.get $w) (i32.const 1)))
        (br $window)))
    (local.get $out))

  ;; Sort the windows `[s, e)` of `srcDocs`/`srcKeys` by key into `outDocs`/`sorted` from index 0:
  ;; a stable counting sort on `bits` bits of the key from bit `shift` (`counts`: 2^bits + 1 i32 of
  ;; scratch), each bucket finished by an insertion sort. Each run of two or more equal keys is
  ;; written to `runs` as its start and end (local indices). Returns how many runs.
  (func (export "sort") (param $srcDocs i32) (param $srcKeys i32) (param $s i32) (param $e i32) (param $shift i32)
        (param $bits i32) (param $counts i32) (param $outDocs i32) (param $sorted i32) (param $runs i32) (result i32)
    (local $buckets i32) (local $mask i32) (local $x i32) (local $t i32) (local $at i32) (local $key i32) (local $d i32)
    (local $y i32) (local $bucketStart i32) (local $bucketEnd i32) (local $r i32) (local $q i32) (local $found i32)
    (local.set $buckets (i32.shl (i32.const 1) (local.get $bits)))
    (local.set $mask (i32.sub (local.get $buckets) (i32.const 1)))
    (memory.fill (local.get $counts) (i32.const 0) (i32.shl (i32.add (local.get $buckets) (i32.const 1)) (i32.const 2)))
    (local.set $x (local.get $s))
    (block $counted
      (loop $count
        (br_if $counted (i32.ge_u (local.get $x) (local.get $e)))
        (local.set $at (i32.add (local.get $counts) (i32.shl (i32.add
          (i32.and (i32.shr_u (i32.load (i32.add (local.get $srcKeys) (i32.shl (local.get $x) (i32.const 2)))) (local.get $shift)) (local.get $mask))
          (i32.const 1)) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $count)))
    (local.set $t (i32.const 1))
    (block $summed
      (loop $sum
        (br_if $summed (i32.gt_u (local.get $t) (local.get $buckets)))
        (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $t) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.load offset=0 (i32.sub (local.get $at) (i32.const 4)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $sum)))
    (local.set $x (local.get $s))
    (block $placed
      (loop $place
        (br_if $placed (i32.ge_u (local.get $x) (local.get $e)))
        (local.set $key (i32.load (i32.add (local.get $srcKeys) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $d (i32.add (local.get $counts) (i32.shl (i32.and (i32.shr_u (local.get $key) (local.get $shift)) (local.get $mask)) (i32.const 2))))
        (local.set $at (i32.load (local.get $d)))
        (i32.store (local.get $d) (i32.add (local.get $at) (i32.const 1)))
        (i32.store (i32.add (local.get $outDocs) (i32.shl (local.get $at) (i32.const 2)))
          (i32.load (i32.add (local.get $srcDocs) (i32.shl (local.get $x) (i32.const 2)))))
        (i32.store (i32.add (local.get $sorted) (i32.shl (local.get $at) (i32.const 2))) (local.get $key))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $place)))
    ;; counts[t] is now the end of bucket t.
    (local.set $t (i32.const 0))
    (block $bucketsDone
      (loop $bucket
        (br_if $bucketsDone (i32.ge_u (local.get $t) (local.get $buckets)))
        (local.set $bucketEnd (i32.load (i32.add (local.get $counts) (i32.shl (local.get $t) (i32.const 2)))))
        (if (i32.gt_s (i32.sub (local.get $bucketEnd) (local.get $bucketStart)) (i32.const 1))
          (then
            ;; Insertion sort of the bucket (stable: equal keys keep their order).
            (local.set $x (i32.add (local.get $bucketStart) (i32.const 1)))
            (block $insertedAll
              (loop $insert
                (br_if $insertedAll (i32.ge_s (local.get $x) (local.get $bucketEnd)))
                (local.set $d (i32.load (i32.add (local.get $outDocs) (i32.shl (local.get $x) (i32.const 2)))))
                (local.set $key (i32.load (i32.add (local.get $sorted) (i32.shl (local.get $x) (i32.const 2)))))
                (local.set $y (i32.sub (local.get $x) (i32.const 1)))
                (block $inserted
                  (loop $shiftUp
                    (br_if $inserted (i32.lt_s (local.get $y) (local.get $bucketStart)))
                    (br_if $inserted (i32.le_u (i32.load (i32.add (local.get $sorted) (i32.shl (local.get $y) (i32.const 2)))) (local.get $key)))
                    (i32.store offset=4 (i32.add (local.get $outDocs) (i32.shl (local.get $y) (i32.const 2)))
                      (i32.load (i32.add (local.get $outDocs) (i32.shl (local.get $y) (i32.const 2)))))
                    (i32.store offset=4 (i32.add (local.get $sorted) (i32.shl (local.get $y) (i32.const 2)))
                      (i32.load (i32.add (local.get $sorted) (i32.shl (local.get $y) (i32.const 2)))))
                    (local.set $y (i32.sub (local.get $y) (i32.const 1)))
                    (br $shiftUp)))
                (i32.store offset=4 (i32.add (local.get $outDocs) (i32.shl (local.get $y) (i32.const 2))) (local.get $d))
                (i32.store offset=4 (i32.add (local.get $sorted) (i32.shl (local.get $y) (i32.const 2))) (local.get $key))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $insert)))
            ;; Its runs of equal keys.
            (local.set $r (local.get $bucketStart))
            (block $runsDone
              (loop $run
                (br_if $runsDone (i32.ge_s (local.get $r) (local.get $bucketEnd)))
                (local.set $key (i32.load (i32.add (local.get $sorted) (i32.shl (local.get $r) (i32.const 2)))))
                (local.set $q (i32.add (local.get $r) (i32.const 1)))
                (block $runEnd
                  (loop $same
                    (br_if $runEnd (i32.ge_s (local.get $q) (local.get $bucketEnd)))
                    (br_if $runEnd (i32.ne (i32.load (i32.add (local.get $sorted) (i32.shl (local.get $q) (i32.const 2)))) (local.get $key)))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $same)))
                (if (i32.gt_s (i32.sub (local.get $q) (local.get $r)) (i32.const 1))
                  (then
                    (i32.store (i32.add (local.get $runs) (i32.shl (local.get $found) (i32.const 3))) (local.get $r))
                    (i32.store offset=4 (i32.add (local.get $runs) (i32.shl (local.get $found) (i32.const 3))) (local.get $q))
                    (local.set $found (i32.add (local.get $found) (i32.const 1)))))
                (local.set $r (local.get $q))
                (br $run)))))
        (local.set $bucketStart (local.get $bucketEnd))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $bucket)))
    (local.get $found)))
