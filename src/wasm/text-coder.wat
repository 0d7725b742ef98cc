;; Stage 1 (normalize) — the byte code of the original texts (`text-codec.ts`), encoding in WebAssembly.
;;
;; The same code as `text-codec.ts` describes, byte for byte: an ASCII unit is its byte, a unit in
;; the window's block of 128 is one byte from 0x80, anything else is 0xFF and its two bytes and moves
;; the window. The two common cases take no branch (a word boundary in Arabic text switches between
;; them every few characters); only an escape does.
;;
;; Built into `text-coder-bytes.ts` by `npm run build:wasm` (wabt); a test checks that the bytes
;; there are this file's.
(module
  ;; The memory is the caller's (imported, never grown here; see `window-signer.wat` on why).
  (import "env" "memory" (memory 1))

  ;; Encode the `n` u16 units at `units` into the bytes from `out` (room for 3n); returns how many.
  (func (export "encode") (param $units i32) (param $n i32) (param $out i32) (result i32)
    (local $k i32) (local $u i32) (local $d i32) (local $at i32) (local $window i32)
    (local.set $window (i32.const -1))
    (local.set $at (local.get $out))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $u (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $d (i32.sub (local.get $u) (local.get $window)))
        (if (i32.and (i32.ge_u (local.get $u) (i32.const 0x80)) (i32.ge_u (local.get $d) (i32.const 0x7f)))
          (then
            ;; Outside ASCII and the window (or no window yet): an escape, and the unit's block is the window.
            (i32.store8 (local.get $at) (i32.const 0xff))
            (i32.store8 offset=1 (local.get $at) (i32.shr_u (local.get $u) (i32.const 8)))
            (i32.store8 offset=2 (local.get $at) (local.get $u))
            (local.set $at (i32.add (local.get $at) (i32.const 3)))
            (local.set $window (i32.and (local.get $u) (i32.const 0xff80))))
          (else
            (i32.store8 (local.get $at)
              (select (local.get $u) (i32.add (local.get $d) (i32.const 0x80)) (i32.lt_u (local.get $u) (i32.const 0x80))))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $at) (local.get $out))))
