;; Stage 4 (align) — one document's shingle index and the seeds of another found in it, in WebAssembly.
;;
;; The same index and the same seeds as `SeedIndex` in seeds.ts describes, in the same order: A's
;; shingle hashes in an open-addressing table (hash → positions, ascending, and how many), a bit per
;; 16-bit hash prefix present in A, and for each position of B the matches in A, which lengthen the
;; run of a diagonal matched at the previous position or start a seed. The arrays are the caller's,
;; in this module's memory; every position and count is an i32.
;;
;; Built into `seed-index-bytes.ts` by `npm run build:wasm` (wabt); a test checks that the bytes
;; there are this file's.
(module
  ;; The memory is the caller's (imported, never grown here; see `window-signer.wat` on why).
  (import "env" "memory" (memory 1))

  ;; Index the `n` hashes at `hashes`: the table (`keys`, `head` — first position, −1 empty —
  ;; and `occurrences`, `cap` slots, a power of two ≥ 2n), each position's next one with the same
  ;; hash (`nextPos`, −1 none), whether its hash occurs once (`single`, a byte each) and the 2,048
  ;; i32 of prefix bits at `present`.
  (func (export "build") (param $hashes i32) (param $n i32) (param $keys i32) (param $head i32) (param $occurrences i32)
        (param $cap i32) (param $nextPos i32) (param $single i32) (param $present i32)
    (local $i i32) (local $h i32) (local $slot i32) (local $mask i32) (local $first i32) (local $at i32)
    (memory.fill (local.get $head) (i32.const 0xff) (i32.shl (local.get $cap) (i32.const 2)))
    (memory.fill (local.get $present) (i32.const 0) (i32.const 8192))
    (local.set $mask (i32.sub (local.get $cap) (i32.const 1)))
    (block $bitsDone
      (loop $bits
        (br_if $bitsDone (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $h (i32.shr_u (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 16)))
        (local.set $at (i32.add (local.get $present) (i32.shl (i32.shr_u (local.get $h) (i32.const 5)) (i32.const 2))))
        (i32.store (local.get $at) (i32.or (i32.load (local.get $at)) (i32.shl (i32.const 1) (local.get $h))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bits)))
    ;; Inserted in descending order, so that each list runs in ascending position.
    (local.set $i (i32.sub (local.get $n) (i32.const 1)))
    (block $insertDone
      (loop $insert
        (br_if $insertDone (i32.lt_s (local.get $i) (i32.const 0)))
        (local.set $h (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $slot (i32.and (local.get $h) (local.get $mask)))
        (block $found
          (loop $probe
            (local.set $first (i32.load (i32.add (local.get $head) (i32.shl (local.get $slot) (i32.const 2)))))
            (br_if $found (i32.eq (local.get $first) (i32.const -1)))
            (br_if $found (i32.eq (i32.load (i32.add (local.get $keys) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $h)))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
            (br $probe)))
        (if (i32.eq (local.get $first) (i32.const -1))
          (then
            (i32.store (i32.add (local.get $keys) (i32.shl (local.get $slot) (i32.const 2))) (local.get $h))
            (i32.store (i32.add (local.get $occurrences) (i32.shl (local.get $slot) (i32.const 2))) (i32.const 0))
            (i32.store (i32.add (local.get $nextPos) (i32.shl (local.get $i) (i32.const 2))) (i32.const -1))
            (i32.store8 (i32.add (local.get $single) (local.get $i)) (i32.const 1)))
          (else
            (i32.store (i32.add (local.get $nextPos) (i32.shl (local.get $i) (i32.const 2))) (local.get $first))
            (i32.store8 (i32.add (local.get $single) (local.get $i)) (i32.const 0))
            (i32.store8 (i32.add (local.get $single) (local.get $first)) (i32.const 0))))
        (i32.store (i32.add (local.get $head) (i32.shl (local.get $slot) (i32.const 2))) (local.get $i))
        (local.set $at (i32.add (local.get $occurrences) (i32.shl (local.get $slot) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $insert))))

  ;; Seeds of B against the indexed A (`find` in seeds.ts): A's units and hashes at `ta` and `ha`
  ;; (`nA` hashes), B's at `tb` and `hb`. With `sparse` 0, at every position of B in `[from, to)`,
  ;; where a match on a diagonal matched at the previous position lengthens that seed; else at the
  ;; `to` positions listed at `positions`, runs of one. Seeds go to the i32 arrays `seedA`, `seedB`
  ;; and `seedLen` from index 0 (room for 8 a position); `scratch` is 32 i32. Returns how many.
  (func (export "find") (param $ta i32) (param $ha i32) (param $nA i32) (param $tb i32) (param $hb i32)
        (param $sparse i32) (param $positions i32) (param $from i32) (param $to i32)
        (param $keys i32) (param $head i32) (param $occurrences i32) (param $nextPos i32) (param $single i32)
        (param $present i32) (param $mask i32) (param $scratch i32)
        (param $seedA i32) (param $seedB i32) (param $seedLen i32) (result i32)
    (local $x i32) (local $j i32) (local $y i32) (local $i i32) (local $d i32) (local $t i32) (local $h i32)
    (local $c i32) (local $slot i32) (local $run i32) (local $at i32) (local $count i32)
    (local $previous i32) (local $current i32) (local $previousRun i32) (local $currentRun i32) (local $swap i32)
    (local $previousCount i32) (local $currentCount i32) (local $previousJ i32)
    ;; Diagonals (j − i) seeded at the previous B position and at this one (at most 8 each: a
    ;; shingle occurring more often only continues diagonals), and the seed holding each.
    (local.set $previous (local.get $scratch))
    (local.set $current (i32.add (local.get $scratch) (i32.const 32)))
    (local.set $previousRun (i32.add (local.get $scratch) (i32.const 64)))
    (local.set $currentRun (i32.add (local.get $scratch) (i32.const 96)))
    (local.set $previousJ (i32.const -2))
    (local.set $x (select (i32.const 0) (local.get $from) (local.get $sparse)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $x) (local.get $to)))
        (local.set $j (select
          (i32.load (i32.add (local.get $positions) (i32.shl (local.get $x) (i32.const 2))))
          (local.get $x)
          (local.get $sparse)))
        (if (i32.ne (local.get $previousJ) (i32.sub (local.get $j) (i32.const 1)))
          (then (local.set $previousCount (i32.const 0))))
        (local.set $currentCount (i32.const 0))
        (local.set $h (i32.load (i32.add (local.get $hb) (i32.shl (local.get $j) (i32.const 2)))))
        (block $seeded
          ;; Fast path along one diagonal: while the previous position seeded one diagonal only and
          ;; A's shingle there equals B's and occurs nowhere else in A, the seed's run grows.
          (if (i32.and (i32.eq (local.get $previousCount) (i32.const 1)) (i32.eqz (local.get $sparse)))
            (then
              (local.set $i (i32.sub (local.get $j) (i32.load (local.get $previous))))
              (local.set $y (local.get $j))
              (block $runDone
                (loop $runNext
                  (br_if $runDone (i32.ge_s (local.get $y) (local.get $to)))
                  (br_if $runDone (i32.ge_s (local.get $i) (local.get $nA)))
                  (br_if $runDone (i32.ne
                    (i32.load (i32.add (local.get $ha) (i32.shl (local.get $i) (i32.const 2))))
                    (i32.load (i32.add (local.get $hb) (i32.shl (local.get $y) (i32.const 2))))))
                  (br_if $runDone (i32.eqz (i32.load8_u (i32.add (local.get $single) (local.get $i)))))
                  (br_if $runDone (i32.ne
                    (i32.load16_u (i32.add (local.get $ta) (i32.shl (local.get $i) (i32.const 1))))
                    (i32.load16_u (i32.add (local.get $tb) (i32.shl (local.get $y) (i32.const 1))))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (local.set $y (i32.add (local.get $y) (i32.const 1)))
                  (br $runNext)))
              (if (i32.gt_s (local.get $y) (local.get $j))
                (then
                  (local.set $at (i32.add (local.get $seedLen) (i32.shl (i32.load (local.get $previousRun)) (i32.const 2))))
                  (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.sub (local.get $y) (local.get $j))))
                  ;; The previous position is now y − 1, with the same single diagonal.
                  (local.set $x (local.get $y))
                  (local.set $previousJ (i32.sub (local.get $y) (i32.const 1)))
                  (br $next)))))
          ;; The table: absent prefix, or probe to the hash's slot.
          (local.set $slot (i32.and (local.get $h) (local.get $mask)))
          (br_if $seeded (i32.eqz (i32.and
            (i32.load (i32.add (local.get $present) (i32.shl (i32.shr_u (local.get $h) (i32.const 21)) (i32.const 2))))
            (i32.shl (i32.const 1) (i32.shr_u (local.get $h) (i32.const 16))))))
          (block $probed
            (loop $probe
              (br_if $seeded (i32.eq (i32.load (i32.add (local.get $head) (i32.shl (local.get $slot) (i32.const 2)))) (i32.const -1)))
              (br_if $probed (i32.eq (i32.load (i32.add (local.get $keys) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $h)))
              (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
              (br $probe)))
          (local.set $c (i32.load16_u (i32.add (local.get $tb) (i32.shl (local.get $j) (i32.const 1)))))
          (if (i32.gt_s (i32.load (i32.add (local.get $occurrences) (i32.shl (local.get $slot) (i32.const 2)))) (i32.const 8))
            (then
              ;; A frequent shingle seeds only where it continues a diagonal seeded at the previous position.
              (br_if $seeded (local.get $sparse))
              (local.set $t (i32.const 0))
              (block $continued
                (loop $continue
                  (br_if $continued (i32.ge_s (local.get $t) (local.get $previousCount)))
                  (local.set $d (i32.load (i32.add (local.get $previous) (i32.shl (local.get $t) (i32.const 2)))))
                  (local.set $i (i32.sub (local.get $j) (local.get $d)))
                  (if (i32.and
                        (i32.lt_u (local.get $i) (local.get $nA))
                        (i32.and
                          (i32.eq (i32.load (i32.add (local.get $ha) (i32.shl (local.get $i) (i32.const 2)))) (local.get $h))
                          (i32.eq (i32.load16_u (i32.add (local.get $ta) (i32.shl (local.get $i) (i32.const 1)))) (local.get $c))))
                    (then
                      (local.set $run (i32.load (i32.add (local.get $previousRun) (i32.shl (local.get $t) (i32.const 2)))))
                      (local.set $at (i32.add (local.get $seedLen) (i32.shl (local.get $run) (i32.const 2))))
                      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
                      (i32.store (i32.add (local.get $currentRun) (i32.shl (local.get $currentCount) (i32.const 2))) (local.get $run))
                      (i32.store (i32.add (local.get $current) (i32.shl (local.get $currentCount) (i32.const 2))) (local.get $d))
                      (local.set $currentCount (i32.add (local.get $currentCount) (i32.const 1)))))
                  (local.set $t (i32.add (local.get $t) (i32.const 1)))
                  (br $continue)))
              (br $seeded)))
          ;; A rare shingle: each of its positions in A continues its diagonal's seed or starts one.
          (local.set $i (i32.load (i32.add (local.get $head) (i32.shl (local.get $slot) (i32.const 2)))))
          (block $positionsDone
            (loop $position
              (br_if $positionsDone (i32.eq (local.get $i) (i32.const -1)))
              ;; A cheap guard against 32-bit hash collisions.
              (if (i32.eq (i32.load16_u (i32.add (local.get $ta) (i32.shl (local.get $i) (i32.const 1)))) (local.get $c))
                (then
                  (local.set $d (i32.sub (local.get $j) (local.get $i)))
                  (local.set $run (i32.const -1))
                  (if (i32.eqz (local.get $sparse))
                    (then
                      (local.set $t (i32.const 0))
                      (block $matched
                        (loop $match
                          (br_if $matched (i32.ge_s (local.get $t) (local.get $previousCount)))
                          (if (i32.eq (i32.load (i32.add (local.get $previous) (i32.shl (local.get $t) (i32.const 2)))) (local.get $d))
                            (then
                              (local.set $run (i32.load (i32.add (local.get $previousRun) (i32.shl (local.get $t) (i32.const 2)))))
                              (br $matched)))
                          (local.set $t (i32.add (local.get $t) (i32.const 1)))
                          (br $match)))))
                  (if (i32.ge_s (local.get $run) (i32.const 0))
                    (then
                      (local.set $at (i32.add (local.get $seedLen) (i32.shl (local.get $run) (i32.const 2))))
                      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1))))
                    (else
                      (local.set $run (local.get $count))
                      (i32.store (i32.add (local.get $seedA) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
                      (i32.store (i32.add (local.get $seedB) (i32.shl (local.get $count) (i32.const 2))) (local.get $j))
                      (i32.store (i32.add (local.get $seedLen) (i32.shl (local.get $count) (i32.const 2))) (i32.const 1))
                      (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                  (i32.store (i32.add (local.get $currentRun) (i32.shl (local.get $currentCount) (i32.const 2))) (local.get $run))
                  (i32.store (i32.add (local.get $current) (i32.shl (local.get $currentCount) (i32.const 2))) (local.get $d))
                  (local.set $currentCount (i32.add (local.get $currentCount) (i32.const 1)))))
              (local.set $i (i32.load (i32.add (local.get $nextPos) (i32.shl (local.get $i) (i32.const 2)))))
              (br $position))))
        ;; This position's diagonals become the previous ones.
        (local.set $swap (local.get $previous))
        (local.set $previous (local.get $current))
        (local.set $current (local.get $swap))
        (local.set $swap (local.get $previousRun))
        (local.set $previousRun (local.get $currentRun))
        (local.set $currentRun (local.get $swap))
        (local.set $previousCount (local.get $currentCount))
        (local.set $previousJ (local.get $j))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next)))
    (local.get $count)))
