;; Float64 matrix products with WebAssembly SIMD (f64x2: two doubles per instruction), the inner loops of the
;; convolutions when the host runs WebAssembly. Built into the bundles by scripts/build/wat.mjs (wabt).
;;
;; Matrices are row-major f64 at byte offsets into the exported memory. The caller (src/core/simd/gemm-simd.ts)
;; pads the shapes so that no kernel needs an edge case: every loop runs whole register blocks. Each output is
;; kept in a register for the whole sum over k, so it is written once, and each sum runs in k order.

(module
  (memory (export "memory") 1)

  ;; C = A·B: A is m×depth, B is depth×n, C is m×n. m and n must be multiples of 4.
  ;; A block of 4 rows × 4 columns of C lives in 8 f64x2 registers; each step of k loads 4 values of B
  ;; (2 vectors) and 4 of A (broadcast), for 16 multiply-adds.
  (func (export "mm_ab")
    (param $m i32) (param $n i32) (param $depth i32) (param $a i32) (param $b i32) (param $c i32)
    (local $rowBytes i32) (local $aStride i32) (local $i i32) (local $j i32) (local $k i32)
    (local $a0 i32) (local $bk i32) (local $out i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $aStride (i32.shl (local.get $depth) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aStride))))
            (local.set $bk (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $k (local.get $depth))
            (block $kDone
              (loop $ks
                (br_if $kDone (i32.eqz (local.get $k)))
                (local.set $x0 (v128.load (local.get $bk)))
                (local.set $x1 (v128.load offset=16 (local.get $bk)))
                (local.set $y (f64x2.splat (f64.load (local.get $a0))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (f64x2.splat (f64.load (i32.add (local.get $a0) (local.get $aStride)))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (f64x2.splat (f64.load (i32.add (local.get $a0) (i32.shl (local.get $aStride) (i32.const 1))))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (f64x2.splat (f64.load (i32.add (local.get $a0) (i32.mul (local.get $aStride) (i32.const 3))))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $a0 (i32.add (local.get $a0) (i32.const 8)))
                (local.set $bk (i32.add (local.get $bk) (local.get $rowBytes)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $ks)))
            (local.set $out (i32.add (local.get $c)
              (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (i32.shl (local.get $j) (i32.const 3)))))
            (v128.store (local.get $out) (local.get $c00))
            (v128.store offset=16 (local.get $out) (local.get $c01))
            (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
            (v128.store (local.get $out) (local.get $c10))
            (v128.store offset=16 (local.get $out) (local.get $c11))
            (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
            (v128.store (local.get $out) (local.get $c20))
            (v128.store offset=16 (local.get $out) (local.get $c21))
            (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
            (v128.store (local.get $out) (local.get $c30))
            (v128.store offset=16 (local.get $out) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))

  ;; C = A·Bᵀ: A is m×depth, B is n×depth, C is m×n. m must be a multiple of 4, n and depth of 2, and the
  ;; padding of depth must hold zeros. 4 rows of A against 2 rows of B: 8 f64x2 sums, each of the even and
  ;; the odd k, added at the end.
  (func (export "mm_abt")
    (param $m i32) (param $n i32) (param $depth i32) (param $a i32) (param $b i32) (param $c i32)
    (local $stride i32) (local $i i32) (local $j i32) (local $k i32)
    (local $pa i32) (local $pb i32) (local $out i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $stride (i32.shl (local.get $depth) (i32.const 3)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $stride))))
            (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))))
            (local.set $k (local.get $depth))
            (block $kDone
              (loop $ks
                (br_if $kDone (i32.eqz (local.get $k)))
                (local.set $x0 (v128.load (local.get $pb)))
                (local.set $x1 (v128.load (i32.add (local.get $pb) (local.get $stride))))
                (local.set $y (v128.load (local.get $pa)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load (i32.add (local.get $pa) (local.get $stride))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load (i32.add (local.get $pa) (i32.shl (local.get $stride) (i32.const 1)))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load (i32.add (local.get $pa) (i32.mul (local.get $stride) (i32.const 3)))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
                (local.set $k (i32.sub (local.get $k) (i32.const 2)))
                (br $ks)))
            (local.set $out (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
            (call $storePair (local.get $out) (local.get $c00) (local.get $c01))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
            (call $storePair (local.get $out) (local.get $c10) (local.get $c11))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
            (call $storePair (local.get $out) (local.get $c20) (local.get $c21))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
            (call $storePair (local.get $out) (local.get $c30) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))

  ;; out[0] = lane 0 + lane 1 of s0, out[1] = the same of s1.
  (func $storePair (param $out i32) (param $s0 v128) (param $s1 v128)
    (f64.store (local.get $out)
      (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (f64.store offset=8 (local.get $out)
      (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))))
