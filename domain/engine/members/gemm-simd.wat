;; The two matrix products of the GRU trainer (gemm.ts) in WebAssembly SIMD: float64 pairs
;; (f64x2), 4 rows × 4 columns of the result held in eight registers, the remainder rows one at a
;; time. Each result element is summed over the inner index in order from zero and then added into
;; C — the same operations in the same order as gemm.ts's JavaScript, so the results are
;; bit-identical to it. Only whole groups of 4 columns are done here; the caller does the rest.
;;
;; Addresses and strides are in bytes into the imported memory; matrices are row-major.
;; Rebuild the embedded binary (gemm-simd-binary.ts) after editing: `npm run build:wasm`.
(module
  (import "env" "memory" (memory 1))

  ;; C[m×n4] += A[m×k] · B[k×n4]
  (func (export "addAB")
    (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $c i32) (param $cs i32)
    (param $m i32) (param $k i32) (param $n4 i32)
    (local $i i32) (local $p i32) (local $jb i32) (local $nb i32)
    (local $pa i32) (local $pb i32) (local $pc i32) (local $as2 i32) (local $as3 i32)
    (local $b01 v128) (local $b23 v128) (local $x v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $nb (i32.shl (local.get $n4) (i32.const 3)))
    (local.set $as2 (i32.shl (local.get $as) (i32.const 1)))
    (local.set $as3 (i32.add (local.get $as2) (local.get $as)))
    ;; Rows in fours.
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (local.set $jb (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $jb) (local.get $nb)))
            (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
            (local.set $s10 (v128.const i64x2 0 0)) (local.set $s11 (v128.const i64x2 0 0))
            (local.set $s20 (v128.const i64x2 0 0)) (local.set $s21 (v128.const i64x2 0 0))
            (local.set $s30 (v128.const i64x2 0 0)) (local.set $s31 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $as))))
            (local.set $pb (i32.add (local.get $b) (local.get $jb)))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $inner
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $b01 (v128.load (local.get $pb)))
                (local.set $b23 (v128.load offset=16 (local.get $pb)))
                (local.set $x (f64x2.splat (f64.load (local.get $pa))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (local.get $as)))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (local.get $as2)))))
                (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (local.get $as3)))))
                (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $inner)))
            (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cs))) (local.get $jb)))
            (call $add4 (local.get $pc) (local.get $s00) (local.get $s01))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (call $add4 (local.get $pc) (local.get $s10) (local.get $s11))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (call $add4 (local.get $pc) (local.get $s20) (local.get $s21))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (call $add4 (local.get $pc) (local.get $s30) (local.get $s31))
            (local.set $jb (i32.add (local.get $jb) (i32.const 32)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    ;; The remaining rows, one at a time.
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_s (local.get $i) (local.get $m)))
        (local.set $jb (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $jb) (local.get $nb)))
            (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $as))))
            (local.set $pb (i32.add (local.get $b) (local.get $jb)))
            (local.set $p (local.get $k))
            (block $k_done
              (loop $inner
                (br_if $k_done (i32.eqz (local.get $p)))
                (local.set $x (f64x2.splat (f64.load (local.get $pa))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (v128.load (local.get $pb)))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $inner)))
            (call $add4
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cs))) (local.get $jb))
              (local.get $s00) (local.get $s01))
            (local.set $jb (i32.add (local.get $jb) (i32.const 32)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))

  ;; C[k×n4] += A[m×k]ᵀ · B[m×n4] (a reduction over the m rows)
  (func (export "addAtB")
    (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $c i32) (param $cs i32)
    (param $m i32) (param $k i32) (param $n4 i32)
    (local $i i32) (local $r i32) (local $jb i32) (local $nb i32)
    (local $pa i32) (local $pb i32) (local $pc i32)
    (local $b01 v128) (local $b23 v128) (local $x v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $nb (i32.shl (local.get $n4) (i32.const 3)))
    ;; Rows of C (columns of A) in fours.
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $k)))
        (local.set $jb (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $jb) (local.get $nb)))
            (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
            (local.set $s10 (v128.const i64x2 0 0)) (local.set $s11 (v128.const i64x2 0 0))
            (local.set $s20 (v128.const i64x2 0 0)) (local.set $s21 (v128.const i64x2 0 0))
            (local.set $s30 (v128.const i64x2 0 0)) (local.set $s31 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $pb (i32.add (local.get $b) (local.get $jb)))
            (local.set $r (local.get $m))
            (block $m_done
              (loop $inner
                (br_if $m_done (i32.eqz (local.get $r)))
                (local.set $b01 (v128.load (local.get $pb)))
                (local.set $b23 (v128.load offset=16 (local.get $pb)))
                (local.set $x (f64x2.splat (f64.load (local.get $pa))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $x (f64x2.splat (f64.load offset=8 (local.get $pa))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $x (f64x2.splat (f64.load offset=16 (local.get $pa))))
                (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $x (f64x2.splat (f64.load offset=24 (local.get $pa))))
                (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $b01))))
                (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $b23))))
                (local.set $pa (i32.add (local.get $pa) (local.get $as)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $r (i32.sub (local.get $r) (i32.const 1)))
                (br $inner)))
            (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cs))) (local.get $jb)))
            (call $add4 (local.get $pc) (local.get $s00) (local.get $s01))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (call $add4 (local.get $pc) (local.get $s10) (local.get $s11))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (call $add4 (local.get $pc) (local.get $s20) (local.get $s21))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (call $add4 (local.get $pc) (local.get $s30) (local.get $s31))
            (local.set $jb (i32.add (local.get $jb) (i32.const 32)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))
    ;; The remaining rows of C, one at a time.
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_s (local.get $i) (local.get $k)))
        (local.set $jb (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $jb) (local.get $nb)))
            (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $pb (i32.add (local.get $b) (local.get $jb)))
            (local.set $r (local.get $m))
            (block $m_done
              (loop $inner
                (br_if $m_done (i32.eqz (local.get $r)))
                (local.set $x (f64x2.splat (f64.load (local.get $pa))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (v128.load (local.get $pb)))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $as)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
                (local.set $r (i32.sub (local.get $r) (i32.const 1)))
                (br $inner)))
            (call $add4
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cs))) (local.get $jb))
              (local.get $s00) (local.get $s01))
            (local.set $jb (i32.add (local.get $jb) (i32.const 32)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))

  ;; C[0..4) at $pc += (lo, hi)
  (func $add4 (param $pc i32) (param $lo v128) (param $hi v128)
    (v128.store (local.get $pc) (f64x2.add (v128.load (local.get $pc)) (local.get $lo)))
    (v128.store offset=16 (local.get $pc) (f64x2.add (v128.load offset=16 (local.get $pc)) (local.get $hi)))))
