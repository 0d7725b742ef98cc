;; The persistent index's band code (`segment-codec.ts`, format 4): the bits of a band's body, in
;; WebAssembly.
;;
;; The same bits as `segment-codec.ts` describes, bit for bit: per entry (a key with the document
;; beside it and how many consecutive windows repeat both) its key — a partition's first in 32 − p
;; bits, the others as a Golomb–Rice coded gap — its document's offset in `docBits` bits and its
;; multiplicity (0, or 1 and the Elias gamma code of windows − 1). Bits go least significant first
;; into consecutive 32-bit words, through a 64-bit accumulator.
;;
;; Built into `band-encoder-bytes.ts` by `npm run build:wasm` (wabt); a test checks that the bytes
;; there are this file's.
(module
  ;; The memory is the caller's (imported, never grown here; see `window-signer.wat` on why).
  (import "env" "memory" (memory 1))

  ;; The body of the band of `count` windows (`keys` ascending, `docs` beside them) into the words
  ;; at `words`, and the bit where each of the 2^p partitions starts (and the end, 2^p + 1 in all)
  ;; into the i32 array at `starts`. Returns the number of bits.
  (func (export "body") (param $keys i32) (param $docs i32) (param $count i32) (param $p i32) (param $r i32)
        (param $docBits i32) (param $docBase i32) (param $words i32) (param $starts i32) (result i32)
    (local $i i32) (local $j i32) (local $key i32) (local $doc i32) (local $k i32) (local $part i32) (local $prev i32)
    (local $gap i32) (local $extra i32) (local $l i32) (local $parts i32) (local $q i32)
    ;; The writer: the next word's address, the pending bits and how many. Each write is spelled
    ;; out where it is made: V8 does not inline WebAssembly calls, and a call per write cost more
    ;; than the JavaScript encoder.
    (local $word i32) (local $acc i64) (local $accBits i32)
    (local.set $word (local.get $words))
    (local.set $part (i32.const -1))
    (local.set $parts (i32.shl (i32.const 1) (local.get $p)))
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $key (i32.load (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $doc (i32.load (i32.add (local.get $docs) (i32.shl (local.get $i) (i32.const 2)))))
        ;; The windows repeating this one's key and document.
        (local.set $j (i32.add (local.get $i) (i32.const 1)))
        (block $repeatsDone
          (loop $repeat
            (br_if $repeatsDone (i32.ge_u (local.get $j) (local.get $count)))
            (br_if $repeatsDone (i32.ne (i32.load (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2)))) (local.get $key)))
            (br_if $repeatsDone (i32.ne (i32.load (i32.add (local.get $docs) (i32.shl (local.get $j) (i32.const 2)))) (local.get $doc)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $repeat)))
        (local.set $k (select (i32.const 0) (i32.shr_u (local.get $key) (i32.sub (i32.const 32) (local.get $p))) (i32.eqz (local.get $p))))
        (if (i32.ne (local.get $k) (local.get $part))
          (then
            ;; A partition's first key, after the starts of the partitions up to it.
            (block $startsDone
              (loop $start
                (br_if $startsDone (i32.ge_s (local.get $part) (local.get $k)))
                (local.set $part (i32.add (local.get $part) (i32.const 1)))
                (i32.store (i32.add (local.get $starts) (i32.shl (local.get $part) (i32.const 2)))
                  (i32.add (i32.shl (i32.sub (local.get $word) (local.get $words)) (i32.const 3)) (local.get $accBits)))
                (br $start)))
            (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (select (local.get $key) (i32.and (local.get $key) (i32.shr_u (i32.const -1) (local.get $p))) (i32.eqz (local.get $p)))) (i64.extend_i32_u (local.get $accBits)))))
            (local.set $accBits (i32.add (local.get $accBits) (i32.sub (i32.const 32) (local.get $p))))
            (if (i32.ge_u (local.get $accBits) (i32.const 32))
              (then
                (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                (local.set $word (i32.add (local.get $word) (i32.const 4)))
                (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32))))))
          (else
            (local.set $gap (i32.sub (local.get $key) (local.get $prev)))
            (local.set $q (i32.shr_u (local.get $gap) (local.get $r)))
            (block $gapShort
              (loop $gapLong
                (br_if $gapShort (i32.lt_u (local.get $q) (i32.const 31)))
                (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.const 0x7fffffff)) (i64.extend_i32_u (local.get $accBits)))))
                (local.set $accBits (i32.add (local.get $accBits) (i32.const 31)))
                (if (i32.ge_u (local.get $accBits) (i32.const 32))
                  (then
                    (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                    (local.set $word (i32.add (local.get $word) (i32.const 4)))
                    (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                    (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))
                (local.set $q (i32.sub (local.get $q) (i32.const 31)))
                (br $gapLong)))
            (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.sub (i32.shl (i32.const 1) (local.get $q)) (i32.const 1))) (i64.extend_i32_u (local.get $accBits)))))
            (local.set $accBits (i32.add (local.get $accBits) (i32.add (local.get $q) (i32.const 1))))
            (if (i32.ge_u (local.get $accBits) (i32.const 32))
              (then
                (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                (local.set $word (i32.add (local.get $word) (i32.const 4)))
                (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))
            (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.and (local.get $gap) (i32.sub (i32.shl (i32.const 1) (local.get $r)) (i32.const 1)))) (i64.extend_i32_u (local.get $accBits)))))
            (local.set $accBits (i32.add (local.get $accBits) (local.get $r)))
            (if (i32.ge_u (local.get $accBits) (i32.const 32))
              (then
                (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                (local.set $word (i32.add (local.get $word) (i32.const 4)))
                (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))))
        (local.set $prev (local.get $key))
        (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.sub (local.get $doc) (local.get $docBase))) (i64.extend_i32_u (local.get $accBits)))))
        (local.set $accBits (i32.add (local.get $accBits) (local.get $docBits)))
        (if (i32.ge_u (local.get $accBits) (i32.const 32))
          (then
            (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
            (local.set $word (i32.add (local.get $word) (i32.const 4)))
            (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
            (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))
        ;; Multiplicity: 0 for one window; 1 then Elias gamma of (windows − 1).
        (local.set $extra (i32.sub (i32.sub (local.get $j) (local.get $i)) (i32.const 1)))
        (if (i32.eqz (local.get $extra))
          (then
            (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.const 0)) (i64.extend_i32_u (local.get $accBits)))))
            (local.set $accBits (i32.add (local.get $accBits) (i32.const 1)))
            (if (i32.ge_u (local.get $accBits) (i32.const 32))
              (then
                (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                (local.set $word (i32.add (local.get $word) (i32.const 4)))
                (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32))))))
          (else
            (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.const 1)) (i64.extend_i32_u (local.get $accBits)))))
            (local.set $accBits (i32.add (local.get $accBits) (i32.const 1)))
            (if (i32.ge_u (local.get $accBits) (i32.const 32))
              (then
                (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                (local.set $word (i32.add (local.get $word) (i32.const 4)))
                (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))
            (local.set $l (i32.sub (i32.const 31) (i32.clz (local.get $extra))))
            (local.set $q (local.get $l))
            (block $gammaShort
              (loop $gammaLong
                (br_if $gammaShort (i32.lt_u (local.get $q) (i32.const 31)))
                (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.const 0x7fffffff)) (i64.extend_i32_u (local.get $accBits)))))
                (local.set $accBits (i32.add (local.get $accBits) (i32.const 31)))
                (if (i32.ge_u (local.get $accBits) (i32.const 32))
                  (then
                    (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                    (local.set $word (i32.add (local.get $word) (i32.const 4)))
                    (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                    (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))
                (local.set $q (i32.sub (local.get $q) (i32.const 31)))
                (br $gammaLong)))
            (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.sub (i32.shl (i32.const 1) (local.get $q)) (i32.const 1))) (i64.extend_i32_u (local.get $accBits)))))
            (local.set $accBits (i32.add (local.get $accBits) (i32.add (local.get $q) (i32.const 1))))
            (if (i32.ge_u (local.get $accBits) (i32.const 32))
              (then
                (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                (local.set $word (i32.add (local.get $word) (i32.const 4)))
                (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))
            (local.set $acc (i64.or (local.get $acc) (i64.shl (i64.extend_i32_u (i32.sub (local.get $extra) (i32.shl (i32.const 1) (local.get $l)))) (i64.extend_i32_u (local.get $accBits)))))
            (local.set $accBits (i32.add (local.get $accBits) (local.get $l)))
            (if (i32.ge_u (local.get $accBits) (i32.const 32))
              (then
                (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))
                (local.set $word (i32.add (local.get $word) (i32.const 4)))
                (local.set $acc (i64.shr_u (local.get $acc) (i64.const 32)))
                (local.set $accBits (i32.sub (local.get $accBits) (i32.const 32)))))))
        (local.set $i (local.get $j))
        (br $entry)))
    (block $endsDone
      (loop $end
        (br_if $endsDone (i32.ge_s (local.get $part) (local.get $parts)))
        (local.set $part (i32.add (local.get $part) (i32.const 1)))
        (i32.store (i32.add (local.get $starts) (i32.shl (local.get $part) (i32.const 2)))
          (i32.add (i32.shl (i32.sub (local.get $word) (local.get $words)) (i32.const 3)) (local.get $accBits)))
        (br $end)))
    ;; The last, partial word.
    (if (local.get $accBits)
      (then (i32.store (local.get $word) (i32.wrap_i64 (local.get $acc)))))
    (i32.add (i32.shl (i32.sub (local.get $word) (local.get $words)) (i32.const 3)) (local.get $accBits))))
