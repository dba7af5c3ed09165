;; The convolutions' inner loops when the host runs WebAssembly: a float64 matrix product with SIMD (f64x2: two
;; doubles per instruction), its float32 twin for training's Winograd tile products (f32x4: four floats per
;; instruction, twice the speed), and the Winograd tile transforms around them. Built into the bundles by
;; scripts/build/wat.mjs (wabt). The bundle must stay small, so there is one product kernel per precision: A·Bᵀ
;; copies B in transposed (src/core/simd/gemm-simd.ts), and the filter gradient multiplies in transposed form.
;;
;; Matrices are row-major f64 (f32 for mm_ab32's operands) at byte offsets into the exported memory. The
;; callers (gemm-simd.ts, winograd-batch.ts) pad the shapes so that the kernels need no edge case: every loop
;; runs whole register blocks. Each output is kept in a register for the whole sum over k, so it is written once,
;; and each sum runs in k order.

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
                (local.set $y (v128.load64_splat (local.get $a0)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load64_splat (i32.add (local.get $a0) (local.get $aStride))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load64_splat (i32.add (local.get $a0) (i32.shl (local.get $aStride) (i32.const 1)))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $y) (local.get $x0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load64_splat (i32.add (local.get $a0) (i32.mul (local.get $aStride) (i32.const 3)))))
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

  ;; C = A·B as mm_ab, with A and B in float32 and C written in float64: training's Winograd tile products
  ;; (src/core/simd/winograd-batch.ts). m must be a multiple of 4 and n of 8. A block of 4 rows × 8 columns of C
  ;; lives in 8 f32x4 registers; each step of k loads 8 values of B (2 vectors) and 4 of A (broadcast), for 32
  ;; multiply-adds. The sums run in k order in float32, and each is widened to float64 once, when written.
  (func (export "mm_ab32")
    (param $m i32) (param $n i32) (param $depth i32) (param $a i32) (param $b i32) (param $c i32)
    (local $rowBytes i32) (local $bRow i32) (local $aStride i32) (local $i i32) (local $j i32) (local $k i32)
    (local $a0 i32) (local $bk i32) (local $out i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $c0a v128) (local $c0b v128) (local $c1a v128) (local $c1b v128) (local $c2a v128) (local $c2b v128) (local $c3a v128) (local $c3b v128)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $bRow (i32.shl (local.get $n) (i32.const 2)))
    (local.set $aStride (i32.shl (local.get $depth) (i32.const 2)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $c0a (v128.const f32x4 0 0 0 0)) (local.set $c0b (v128.const f32x4 0 0 0 0)) (local.set $c1a (v128.const f32x4 0 0 0 0)) (local.set $c1b (v128.const f32x4 0 0 0 0)) (local.set $c2a (v128.const f32x4 0 0 0 0)) (local.set $c2b (v128.const f32x4 0 0 0 0)) (local.set $c3a (v128.const f32x4 0 0 0 0)) (local.set $c3b (v128.const f32x4 0 0 0 0))
            (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aStride))))
            (local.set $bk (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $k (local.get $depth))
            (block $kDone
              (loop $ks
                (br_if $kDone (i32.eqz (local.get $k)))
                (local.set $x0 (v128.load (local.get $bk)))
                (local.set $x1 (v128.load offset=16 (local.get $bk)))
                (local.set $y (v128.load32_splat (local.get $a0)))
                (local.set $c0a (f32x4.add (local.get $c0a) (f32x4.mul (local.get $y) (local.get $x0))))
                (local.set $c0b (f32x4.add (local.get $c0b) (f32x4.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load32_splat (i32.add (local.get $a0) (local.get $aStride))))
                (local.set $c1a (f32x4.add (local.get $c1a) (f32x4.mul (local.get $y) (local.get $x0))))
                (local.set $c1b (f32x4.add (local.get $c1b) (f32x4.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load32_splat (i32.add (local.get $a0) (i32.shl (local.get $aStride) (i32.const 1)))))
                (local.set $c2a (f32x4.add (local.get $c2a) (f32x4.mul (local.get $y) (local.get $x0))))
                (local.set $c2b (f32x4.add (local.get $c2b) (f32x4.mul (local.get $y) (local.get $x1))))
                (local.set $y (v128.load32_splat (i32.add (local.get $a0) (i32.mul (local.get $aStride) (i32.const 3)))))
                (local.set $c3a (f32x4.add (local.get $c3a) (f32x4.mul (local.get $y) (local.get $x0))))
                (local.set $c3b (f32x4.add (local.get $c3b) (f32x4.mul (local.get $y) (local.get $x1))))
                (local.set $a0 (i32.add (local.get $a0) (i32.const 4)))
                (local.set $bk (i32.add (local.get $bk) (local.get $bRow)))
                (local.set $k (i32.sub (local.get $k) (i32.const 1)))
                (br $ks)))
            (local.set $out (i32.add (local.get $c)
              (i32.add (i32.mul (local.get $i) (local.get $rowBytes)) (i32.shl (local.get $j) (i32.const 3)))))
            (v128.store (local.get $out) (f64x2.promote_low_f32x4 (local.get $c0a)))
            (v128.store offset=16 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c0a) (local.get $c0a))))
            (v128.store offset=32 (local.get $out) (f64x2.promote_low_f32x4 (local.get $c0b)))
            (v128.store offset=48 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c0b) (local.get $c0b))))
            (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
            (v128.store (local.get $out) (f64x2.promote_low_f32x4 (local.get $c1a)))
            (v128.store offset=16 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c1a) (local.get $c1a))))
            (v128.store offset=32 (local.get $out) (f64x2.promote_low_f32x4 (local.get $c1b)))
            (v128.store offset=48 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c1b) (local.get $c1b))))
            (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
            (v128.store (local.get $out) (f64x2.promote_low_f32x4 (local.get $c2a)))
            (v128.store offset=16 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c2a) (local.get $c2a))))
            (v128.store offset=32 (local.get $out) (f64x2.promote_low_f32x4 (local.get $c2b)))
            (v128.store offset=48 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c2b) (local.get $c2b))))
            (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
            (v128.store (local.get $out) (f64x2.promote_low_f32x4 (local.get $c3a)))
            (v128.store offset=16 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c3a) (local.get $c3a))))
            (v128.store offset=32 (local.get $out) (f64x2.promote_low_f32x4 (local.get $c3b)))
            (v128.store offset=48 (local.get $out) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c3b) (local.get $c3b))))
            (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))

  ;; ---- Winograd F(2×2, 3×3) over a whole batch, in this module's memory (src/core/simd/winograd-batch.ts) ----
  ;; Layouts (f64, byte offsets): a padded input is [C][PH][PW] with PH = 2·tilesDown + 2, PW = 2·tilesAcross + 2;
  ;; a transformed batch V is [16 (ξ)][rows][n], where row c holds channel c of every tile of every image (n
  ;; tiles in all, the caller places each image's tiles at its own column offset), so that M[ξ] = U[ξ]·V[ξ] is
  ;; one mm_ab per ξ for the whole batch (mm_ab32 when V is float32, for training). The transforms are those of
  ;; src/core/winograd.ts, term for term, in float64; a float32 output is each value rounded once, when stored.

  ;; V[ξ][c][tile] = (Bᵀ d B)[ξ] of the 4×4 tile d of padded channel c, stored as float32 when $f32 is 1 (as
  ;; float64 otherwise). cStride and xiStride are in bytes.
  ;; Two neighbouring tiles at a time in the lanes (neighbours in V too, so each ξ is one store). A row of an odd
  ;; number of tiles ends with a pair whose second lane reads two doubles past the row (the caller keeps two spare
  ;; doubles after the padded maps) and lands on the next tile: one the next row, or the next image, overwrites
  ;; later, or a padding column after the last image (the caller keeps at least one, and clears it after).
  (func (export "wino_in")
    (param $p i32) (param $C i32) (param $PH i32) (param $PW i32) (param $TD i32) (param $TA i32)
    (param $v i32) (param $cStride i32) (param $xiStride i32) (param $f32 i32)
    (local $c i32) (local $ty i32) (local $tx i32) (local $row i32) (local $r i32) (local $q i32)
    (local $rowBytes i32) (local $plane i32) (local $size i32) (local $s v128) (local $l0 v128) (local $l1 v128) (local $l2 v128)
    (local $d00 v128) (local $d01 v128) (local $d02 v128) (local $d03 v128) (local $d10 v128) (local $d11 v128) (local $d12 v128) (local $d13 v128) (local $d20 v128) (local $d21 v128) (local $d22 v128) (local $d23 v128) (local $d30 v128) (local $d31 v128) (local $d32 v128) (local $d33 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128) (local $h0 v128) (local $h1 v128) (local $h2 v128) (local $h3 v128)
    ;; log2 of the bytes of one value of V: 4-byte floats when $f32 is 1.
    (local.set $size (i32.sub (i32.const 3) (local.get $f32)))
    (local.set $rowBytes (i32.shl (local.get $PW) (i32.const 3)))
    (local.set $plane (i32.mul (local.get $PH) (local.get $rowBytes)))
    (block $cDone (loop $cs
      (br_if $cDone (i32.ge_u (local.get $c) (local.get $C)))
      (local.set $ty (i32.const 0))
      (block $tyDone (loop $tys
        (br_if $tyDone (i32.ge_u (local.get $ty) (local.get $TD)))
        ;; Row 2·ty of channel c, and the first output column of this row of tiles.
        (local.set $row (i32.add (local.get $p) (i32.add (i32.mul (local.get $c) (local.get $plane))
          (i32.mul (i32.shl (local.get $ty) (i32.const 1)) (local.get $rowBytes)))))
        (local.set $q (i32.add (local.get $v) (i32.add (i32.mul (local.get $c) (local.get $cStride))
          (i32.shl (i32.mul (local.get $ty) (local.get $TA)) (local.get $size)))))
        (local.set $tx (i32.const 0))
        (block $txDone (loop $txs
          (br_if $txDone (i32.ge_u (local.get $tx) (local.get $TA)))
          ;; Row k of tiles tx and tx + 1 (columns 2·tx … 2·tx + 5): d k j = (cell j of tile tx, cell j of tile tx + 1).
          (local.set $r (i32.add (local.get $row) (i32.shl (local.get $tx) (i32.const 4))))
          (local.set $l0 (v128.load (local.get $r))) (local.set $l1 (v128.load offset=16 (local.get $r))) (local.set $l2 (v128.load offset=32 (local.get $r)))
          (local.set $d00 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l0) (local.get $l1))) (local.set $d01 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l0) (local.get $l1)))
          (local.set $d02 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l1) (local.get $l2))) (local.set $d03 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l1) (local.get $l2)))
          (local.set $r (i32.add (local.get $r) (local.get $rowBytes)))
          (local.set $l0 (v128.load (local.get $r))) (local.set $l1 (v128.load offset=16 (local.get $r))) (local.set $l2 (v128.load offset=32 (local.get $r)))
          (local.set $d10 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l0) (local.get $l1))) (local.set $d11 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l0) (local.get $l1)))
          (local.set $d12 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l1) (local.get $l2))) (local.set $d13 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l1) (local.get $l2)))
          (local.set $r (i32.add (local.get $r) (local.get $rowBytes)))
          (local.set $l0 (v128.load (local.get $r))) (local.set $l1 (v128.load offset=16 (local.get $r))) (local.set $l2 (v128.load offset=32 (local.get $r)))
          (local.set $d20 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l0) (local.get $l1))) (local.set $d21 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l0) (local.get $l1)))
          (local.set $d22 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l1) (local.get $l2))) (local.set $d23 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l1) (local.get $l2)))
          (local.set $r (i32.add (local.get $r) (local.get $rowBytes)))
          (local.set $l0 (v128.load (local.get $r))) (local.set $l1 (v128.load offset=16 (local.get $r))) (local.set $l2 (v128.load offset=32 (local.get $r)))
          (local.set $d30 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l0) (local.get $l1))) (local.set $d31 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l0) (local.get $l1)))
          (local.set $d32 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $l1) (local.get $l2))) (local.set $d33 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $l1) (local.get $l2)))
          ;; Bᵀ d: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3.
          (local.set $a0 (f64x2.sub (local.get $d00) (local.get $d20)))
          (local.set $b0 (f64x2.add (local.get $d10) (local.get $d20)))
          (local.set $e0 (f64x2.sub (local.get $d20) (local.get $d10)))
          (local.set $h0 (f64x2.sub (local.get $d10) (local.get $d30)))
          (local.set $a1 (f64x2.sub (local.get $d01) (local.get $d21)))
          (local.set $b1 (f64x2.add (local.get $d11) (local.get $d21)))
          (local.set $e1 (f64x2.sub (local.get $d21) (local.get $d11)))
          (local.set $h1 (f64x2.sub (local.get $d11) (local.get $d31)))
          (local.set $a2 (f64x2.sub (local.get $d02) (local.get $d22)))
          (local.set $b2 (f64x2.add (local.get $d12) (local.get $d22)))
          (local.set $e2 (f64x2.sub (local.get $d22) (local.get $d12)))
          (local.set $h2 (f64x2.sub (local.get $d12) (local.get $d32)))
          (local.set $a3 (f64x2.sub (local.get $d03) (local.get $d23)))
          (local.set $b3 (f64x2.add (local.get $d13) (local.get $d23)))
          (local.set $e3 (f64x2.sub (local.get $d23) (local.get $d13)))
          (local.set $h3 (f64x2.sub (local.get $d13) (local.get $d33)))
          ;; (Bᵀ d) B: the same along columns; one store per ξ, xiStride apart.
          (local.set $r (i32.add (local.get $q) (i32.shl (local.get $tx) (local.get $size))))
          (local.set $s (f64x2.sub (local.get $a0) (local.get $a2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.add (local.get $a1) (local.get $a2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $a2) (local.get $a1)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $a1) (local.get $a3)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $b0) (local.get $b2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.add (local.get $b1) (local.get $b2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $b2) (local.get $b1)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $b1) (local.get $b3)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $e0) (local.get $e2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.add (local.get $e1) (local.get $e2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $e2) (local.get $e1)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $e1) (local.get $e3)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $h0) (local.get $h2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.add (local.get $h1) (local.get $h2)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $h2) (local.get $h1)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $r (i32.add (local.get $r) (local.get $xiStride)))
          (local.set $s (f64x2.sub (local.get $h1) (local.get $h3)))
          (if (local.get $f32) (then (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $s))))
            (else (v128.store (local.get $r) (local.get $s))))
          (local.set $tx (i32.add (local.get $tx) (i32.const 2)))
          (br $txs)))
        (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
        (br $tys)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cs))))

  ;; out [F][OH][OW] of one image = Aᵀ M A per tile (+ bias[f] when hasBias), from M[ξ][f][tile] at m (this
  ;; image's first tile; fStride and xiStride in bytes). Tiles over an odd edge keep their in-range outputs.
  (func (export "wino_out")
    (param $m i32) (param $F i32) (param $TD i32) (param $TA i32) (param $OH i32) (param $OW i32)
    (param $fStride i32) (param $xiStride i32) (param $bias i32) (param $hasBias i32) (param $out i32)
    (local $f i32) (local $ty i32) (local $tx i32) (local $q i32) (local $o i32) (local $rowBytes i32)
    (local $lastRow i32) (local $lastCol i32) (local $b f64)
    (local $m0 f64) (local $m1 f64) (local $m2 f64) (local $m3 f64) (local $m4 f64) (local $m5 f64) (local $m6 f64) (local $m7 f64) (local $m8 f64) (local $m9 f64) (local $m10 f64) (local $m11 f64) (local $m12 f64) (local $m13 f64) (local $m14 f64) (local $m15 f64)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $t0 f64) (local $t1 f64) (local $t2 f64) (local $t3 f64)
    (local.set $rowBytes (i32.shl (local.get $OW) (i32.const 3)))
    (block $fDone (loop $fs
      (br_if $fDone (i32.ge_u (local.get $f) (local.get $F)))
      (local.set $b (f64.const 0))
      (if (local.get $hasBias)
        (then (local.set $b (f64.load (i32.add (local.get $bias) (i32.shl (local.get $f) (i32.const 3)))))))
      (local.set $ty (i32.const 0))
      (block $tyDone (loop $tys
        (br_if $tyDone (i32.ge_u (local.get $ty) (local.get $TD)))
        (local.set $lastRow (i32.gt_u (i32.shl (i32.add (local.get $ty) (i32.const 1)) (i32.const 1)) (local.get $OH)))
        (local.set $tx (i32.const 0))
        (block $txDone (loop $txs
          (br_if $txDone (i32.ge_u (local.get $tx) (local.get $TA)))
          (local.set $lastCol (i32.gt_u (i32.shl (i32.add (local.get $tx) (i32.const 1)) (i32.const 1)) (local.get $OW)))
          (local.set $q (i32.add (i32.add (local.get $m) (i32.mul (local.get $f) (local.get $fStride)))
            (i32.shl (i32.add (i32.mul (local.get $ty) (local.get $TA)) (local.get $tx)) (i32.const 3))))
          (local.set $m0 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m1 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m2 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m3 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m4 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m5 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m6 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m7 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m8 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m9 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m10 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m11 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m12 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m13 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m14 (f64.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m15 (f64.load (local.get $q)))
          ;; Aᵀ M: rows r0 + r1 + r2 and r1 − r2 − r3; then the same along columns.
          (local.set $s0 (f64.add (f64.add (local.get $m0) (local.get $m4)) (local.get $m8)))
          (local.set $s1 (f64.add (f64.add (local.get $m1) (local.get $m5)) (local.get $m9)))
          (local.set $s2 (f64.add (f64.add (local.get $m2) (local.get $m6)) (local.get $m10)))
          (local.set $s3 (f64.add (f64.add (local.get $m3) (local.get $m7)) (local.get $m11)))
          (local.set $t0 (f64.sub (f64.sub (local.get $m4) (local.get $m8)) (local.get $m12)))
          (local.set $t1 (f64.sub (f64.sub (local.get $m5) (local.get $m9)) (local.get $m13)))
          (local.set $t2 (f64.sub (f64.sub (local.get $m6) (local.get $m10)) (local.get $m14)))
          (local.set $t3 (f64.sub (f64.sub (local.get $m7) (local.get $m11)) (local.get $m15)))
          (local.set $o (i32.add (local.get $out) (i32.add (i32.mul (local.get $f) (i32.mul (local.get $OH) (local.get $rowBytes)))
            (i32.add (i32.mul (i32.shl (local.get $ty) (i32.const 1)) (local.get $rowBytes)) (i32.shl (local.get $tx) (i32.const 4))))))
          (f64.store (local.get $o) (f64.add (f64.add (f64.add (local.get $b) (local.get $s0)) (local.get $s1)) (local.get $s2)))
          (if (i32.eqz (local.get $lastCol)) (then
            (f64.store offset=8 (local.get $o) (f64.sub (f64.sub (f64.add (local.get $b) (local.get $s1)) (local.get $s2)) (local.get $s3)))))
          (if (i32.eqz (local.get $lastRow)) (then
            (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
            (f64.store (local.get $o) (f64.add (f64.add (f64.add (local.get $b) (local.get $t0)) (local.get $t1)) (local.get $t2)))
            (if (i32.eqz (local.get $lastCol)) (then
              (f64.store offset=8 (local.get $o) (f64.sub (f64.sub (f64.add (local.get $b) (local.get $t1)) (local.get $t2)) (local.get $t3)))))))
          (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
          (br $txs)))
        (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
        (br $tys)))
      (local.set $f (i32.add (local.get $f) (i32.const 1)))
      (br $fs))))

  ;; pooled [F][OH / 2][OW / 2] (rounded down) of one image = max(0, the largest output of each tile): wino_out's
  ;; outputs, term for term (Aᵀ M A + bias), taken straight through ReLU and the 2×2 max pool moved by 2 without
  ;; writing the convolution's maps. Tiles are 2×2 outputs from the maps' corner, so tile (oy, ox) is pool window
  ;; (oy, ox); a tile over an odd edge is dropped as the pool drops its cells. Each window's winner goes to $argmax
  ;; when $winners is 1 (i32: the index of the cell into the maps [F][OH][OW]), as src/core/pool.ts's windowArgmax
  ;; keeps it: cell by cell in row-major order, the winner moves to a cell greater than the maximum so far (ties stay
  ;; with the first), and the floor of 0 comes last, so a maximum of −0 becomes +0 as Math.max makes it. For finite
  ;; M only (the range rule admits finite operands alone). Two neighbouring windows at a time in the lanes, compared
  ;; and selected without a branch (maps of random sign would mispredict every other one); a row of odd length ends
  ;; with a window whose second lane reads the next tile of M (the next row's, the next image's, or the padding
  ;; column every batch keeps) and is not written.
  (func (export "wino_out_pool2")
    (param $m i32) (param $F i32) (param $OH i32) (param $OW i32) (param $TA i32) (param $fStride i32)
    (param $xiStride i32) (param $bias i32) (param $out i32) (param $argmax i32) (param $winners i32)
    (local $PH i32) (local $PW i32) (local $f i32) (local $oy i32) (local $ox i32) (local $q i32) (local $o i32)
    (local $row i32) (local $first i32)
    (local $b v128) (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $m4 v128) (local $m5 v128)
    (local $m6 v128) (local $m7 v128) (local $m8 v128) (local $m9 v128) (local $m10 v128) (local $m11 v128)
    (local $m12 v128) (local $m13 v128) (local $m14 v128) (local $m15 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128) (local $best v128) (local $gt v128) (local $cell v128)
    (local $win v128)
    (local.set $PH (i32.shr_u (local.get $OH) (i32.const 1)))
    (local.set $PW (i32.shr_u (local.get $OW) (i32.const 1)))
    (block $fDone (loop $fs
      (br_if $fDone (i32.ge_u (local.get $f) (local.get $F)))
      (local.set $b (f64x2.splat (f64.load (i32.add (local.get $bias) (i32.shl (local.get $f) (i32.const 3))))))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oys
        (br_if $oyDone (i32.ge_u (local.get $oy) (local.get $PH)))
        ;; This row of windows' first tile in M, and its first pooled value: window (oy, ox) of map f is pooled
        ;; value (f·PH + oy)·PW + ox.
        (local.set $row (i32.add (i32.add (local.get $m) (i32.mul (local.get $f) (local.get $fStride)))
          (i32.shl (i32.mul (local.get $oy) (local.get $TA)) (i32.const 3))))
        (local.set $first (i32.mul (i32.add (i32.mul (local.get $f) (local.get $PH)) (local.get $oy)) (local.get $PW)))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxs
          (br_if $oxDone (i32.ge_u (local.get $ox) (local.get $PW)))
          (local.set $q (i32.add (local.get $row) (i32.shl (local.get $ox) (i32.const 3))))
          (local.set $m0 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m1 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m2 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m3 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m4 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m5 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m6 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m7 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m8 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m9 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m10 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m11 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m12 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m13 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m14 (v128.load (local.get $q)))
          (local.set $q (i32.add (local.get $q) (local.get $xiStride)))
          (local.set $m15 (v128.load (local.get $q)))
          ;; Aᵀ M: rows r0 + r1 + r2 and r1 − r2 − r3; then the same along columns, plus the bias, as wino_out.
          (local.set $s0 (f64x2.add (f64x2.add (local.get $m0) (local.get $m4)) (local.get $m8)))
          (local.set $s1 (f64x2.add (f64x2.add (local.get $m1) (local.get $m5)) (local.get $m9)))
          (local.set $s2 (f64x2.add (f64x2.add (local.get $m2) (local.get $m6)) (local.get $m10)))
          (local.set $s3 (f64x2.add (f64x2.add (local.get $m3) (local.get $m7)) (local.get $m11)))
          (local.set $t0 (f64x2.sub (f64x2.sub (local.get $m4) (local.get $m8)) (local.get $m12)))
          (local.set $t1 (f64x2.sub (f64x2.sub (local.get $m5) (local.get $m9)) (local.get $m13)))
          (local.set $t2 (f64x2.sub (f64x2.sub (local.get $m6) (local.get $m10)) (local.get $m14)))
          (local.set $t3 (f64x2.sub (f64x2.sub (local.get $m7) (local.get $m11)) (local.get $m15)))
          ;; The window's cells in row-major order: top-left, top-right, bottom-left, bottom-right.
          (local.set $y0 (f64x2.add (f64x2.add (f64x2.add (local.get $b) (local.get $s0)) (local.get $s1)) (local.get $s2)))
          (local.set $y1 (f64x2.sub (f64x2.sub (f64x2.add (local.get $b) (local.get $s1)) (local.get $s2)) (local.get $s3)))
          (local.set $y2 (f64x2.add (f64x2.add (f64x2.add (local.get $b) (local.get $t0)) (local.get $t1)) (local.get $t2)))
          (local.set $y3 (f64x2.sub (f64x2.sub (f64x2.add (local.get $b) (local.get $t1)) (local.get $t2)) (local.get $t3)))
          (if (local.get $winners)
            (then
              (local.set $cell (i64x2.add (i64x2.splat (i64.extend_i32_u (i32.add
                (i32.mul (i32.add (i32.mul (local.get $f) (local.get $OH)) (i32.shl (local.get $oy) (i32.const 1))) (local.get $OW))
                (i32.shl (local.get $ox) (i32.const 1))))) (v128.const i64x2 0 2)))
              (local.set $best (local.get $y0))
              (local.set $win (local.get $cell))
              (local.set $gt (f64x2.gt (local.get $y1) (local.get $best)))
              (local.set $win (v128.bitselect (i64x2.add (local.get $cell) (v128.const i64x2 1 1)) (local.get $win) (local.get $gt)))
              (local.set $best (v128.bitselect (local.get $y1) (local.get $best) (local.get $gt)))
              (local.set $cell (i64x2.add (local.get $cell) (i64x2.splat (i64.extend_i32_u (local.get $OW)))))
              (local.set $gt (f64x2.gt (local.get $y2) (local.get $best)))
              (local.set $win (v128.bitselect (local.get $cell) (local.get $win) (local.get $gt)))
              (local.set $best (v128.bitselect (local.get $y2) (local.get $best) (local.get $gt)))
              (local.set $gt (f64x2.gt (local.get $y3) (local.get $best)))
              (local.set $win (v128.bitselect (i64x2.add (local.get $cell) (v128.const i64x2 1 1)) (local.get $win) (local.get $gt)))
              (local.set $best (v128.bitselect (local.get $y3) (local.get $best) (local.get $gt))))
            ;; Without winners, pmax (one instruction; which of two equal values it returns does not matter: equal
            ;; values other than ±0 are the same double, and a maximum of ±0 becomes +0 below).
            (else (local.set $best (f64x2.pmax (f64x2.pmax (local.get $y0) (local.get $y1))
              (f64x2.pmax (local.get $y2) (local.get $y3))))))
          (local.set $best (v128.and (local.get $best) (f64x2.gt (local.get $best) (v128.const f64x2 0 0))))
          (local.set $o (i32.add (local.get $first) (local.get $ox)))
          (if (i32.lt_u (i32.add (local.get $ox) (i32.const 1)) (local.get $PW))
            (then
              (v128.store (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 3))) (local.get $best))
              (if (local.get $winners) (then
                ;; The two winners' low 32 bits, side by side.
                (i64.store (i32.add (local.get $argmax) (i32.shl (local.get $o) (i32.const 2))) (i64x2.extract_lane 0
                  (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $win) (local.get $win)))))))
            (else
              (f64.store (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 3))) (f64x2.extract_lane 0 (local.get $best)))
              (if (local.get $winners) (then
                (i32.store (i32.add (local.get $argmax) (i32.shl (local.get $o) (i32.const 2)))
                  (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $win))))))))
          (local.set $ox (i32.add (local.get $ox) (i32.const 2)))
          (br $oxs)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oys)))
      (local.set $f (i32.add (local.get $f) (i32.const 1)))
      (br $fs))))

  ;; padded [C][PH][PW] at $dst = maps [C][H][W] at $src moved down by $top rows and right by $left columns, zeros
  ;; elsewhere, as src/core/winograd.ts's padTiles places them: rows y0 ≤ y < y1 and columns x0 ≤ x < x1 of the maps
  ;; are those that land inside (the caller works them out; a negative $top or $left drops the first rows or
  ;; columns). Copies and clears two doubles at a time.
  (func (export "pad_maps")
    (param $src i32) (param $C i32) (param $H i32) (param $W i32) (param $dst i32) (param $PH i32) (param $PW i32)
    (param $top i32) (param $left i32) (param $y0 i32) (param $y1 i32) (param $x0 i32) (param $x1 i32)
    (local $p i32) (local $end i32) (local $c i32) (local $y i32) (local $from i32) (local $to i32) (local $pairsEnd i32)
    ;; Clear the whole padded maps.
    (local.set $p (local.get $dst))
    (local.set $end (i32.add (local.get $dst)
      (i32.shl (i32.mul (local.get $C) (i32.mul (local.get $PH) (local.get $PW))) (i32.const 3))))
    (block $clearDone (loop $clear
      (br_if $clearDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
      (v128.store (local.get $p) (v128.const i64x2 0 0))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $clear)))
    (if (i32.lt_u (local.get $p) (local.get $end)) (then (f64.store (local.get $p) (f64.const 0))))
    (block $channelsDone (loop $channels
      (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $C)))
      (local.set $y (local.get $y0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $y1)))
        (local.set $from (i32.add (local.get $src) (i32.shl
          (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $H)) (local.get $y)) (local.get $W)) (local.get $x0))
          (i32.const 3))))
        (local.set $to (i32.add (local.get $dst) (i32.shl
          (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $PH)) (i32.add (local.get $y) (local.get $top)))
            (local.get $PW)) (i32.add (local.get $left) (local.get $x0)))
          (i32.const 3))))
        (local.set $end (i32.add (local.get $from) (i32.shl (i32.sub (local.get $x1) (local.get $x0)) (i32.const 3))))
        (local.set $pairsEnd (i32.sub (local.get $end) (i32.const 16)))
        (block $pairsDone (loop $pairs
          (br_if $pairsDone (i32.gt_s (local.get $from) (local.get $pairsEnd)))
          (v128.store (local.get $to) (v128.load (local.get $from)))
          (local.set $from (i32.add (local.get $from) (i32.const 16)))
          (local.set $to (i32.add (local.get $to) (i32.const 16)))
          (br $pairs)))
        (if (i32.lt_u (local.get $from) (local.get $end))
          (then (f64.store (local.get $to) (f64.load (local.get $from)))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $channels))))

;; The largest |value| of n doubles at $x, NaN when one is NaN: the range rule's measure
  ;; (src/core/winograd-range.ts, maxMagnitude), two values at a time. f64x2.pmax is one machine instruction where
  ;; f64x2.max needs several to propagate NaN, so NaN is looked for on its own (x ≠ x) and reported at the end.
  (func (export "max_abs") (param $x i32) (param $n i32) (result f64)
    (local $end i32) (local $v v128) (local $m v128) (local $nan v128) (local $max f64) (local $s f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $pairs
      (br_if $done (i32.gt_u (i32.add (local.get $x) (i32.const 16)) (local.get $end)))
      (local.set $v (v128.load (local.get $x)))
      (local.set $m (f64x2.pmax (local.get $m) (f64x2.abs (local.get $v))))
      (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $v) (local.get $v))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (br $pairs)))
    (local.set $max (f64.max (f64x2.extract_lane 0 (local.get $m)) (f64x2.extract_lane 1 (local.get $m))))
    (if (i32.lt_u (local.get $x) (local.get $end)) (then
      (local.set $s (f64.load (local.get $x)))
      (local.set $max (f64.max (local.get $max) (f64.abs (local.get $s))))))
    (if (v128.any_true (local.get $nan)) (then (return (f64.const nan))))
    (local.get $max))

;; x[i] ·= factor for the n doubles at x, two at a time: each the one rounded product JavaScript's x[i] * factor
  ;; gives (scaling pictures' pixels, src/core/simd/scale-simd.ts).
  (func (export "scale") (param $x i32) (param $n i32) (param $factor f64)
    (local $end i32) (local $f v128)
    (local.set $f (f64x2.splat (local.get $factor)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done (loop $pairs
      (br_if $done (i32.gt_u (i32.add (local.get $x) (i32.const 16)) (local.get $end)))
      (v128.store (local.get $x) (f64x2.mul (v128.load (local.get $x)) (local.get $f)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (br $pairs)))
    (if (i32.lt_u (local.get $x) (local.get $end)) (then
      (f64.store (local.get $x) (f64.mul (f64.load (local.get $x)) (local.get $factor))))))

    ;; The dense layer of one picture: y [8·blocks] starts as the bias and gains x[i]·w[i][k] for i = 0, 1, …, inputs − 1,
  ;; w being [inputs][classes] with 8·blocks ≥ classes (src/core/simd/dense-simd.ts). Eight classes at a time in four
  ;; vectors, so four sums advance together instead of waiting on one another's adds; each sum runs in i order with a
  ;; rounded product then a rounded add, as dense.ts does, so the numbers are dense's exactly. A block reaching past
  ;; a row's classes reads the next row's (or, after the last row, up to 7 doubles the caller leaves there): those
  ;; lanes only ever reach y's padding, which the caller drops.
  (func (export "dense_blocks")
    (param $x i32) (param $w i32) (param $inputs i32) (param $classes i32) (param $blocks i32) (param $y i32)
    (local $rowBytes i32) (local $block i32) (local $xi i32) (local $xEnd i32) (local $wi i32) (local $yb i32)
    (local $xs v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $rowBytes (i32.shl (local.get $classes) (i32.const 3)))
    (local.set $xEnd (i32.add (local.get $x) (i32.shl (local.get $inputs) (i32.const 3))))
    (block $blocksDone (loop $blockLoop
      (br_if $blocksDone (i32.ge_u (local.get $block) (local.get $blocks)))
      (local.set $yb (i32.add (local.get $y) (i32.shl (local.get $block) (i32.const 6))))
      (local.set $acc0 (v128.load (local.get $yb)))
      (local.set $acc1 (v128.load offset=16 (local.get $yb)))
      (local.set $acc2 (v128.load offset=32 (local.get $yb)))
      (local.set $acc3 (v128.load offset=48 (local.get $yb)))
      (local.set $xi (local.get $x))
      (local.set $wi (i32.add (local.get $w) (i32.shl (local.get $block) (i32.const 6))))
      (block $inputsDone (loop $inputLoop
        (br_if $inputsDone (i32.ge_u (local.get $xi) (local.get $xEnd)))
        (local.set $xs (v128.load64_splat (local.get $xi)))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $xs) (v128.load (local.get $wi)))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $xs) (v128.load offset=16 (local.get $wi)))))
        (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $xs) (v128.load offset=32 (local.get $wi)))))
        (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $xs) (v128.load offset=48 (local.get $wi)))))
        (local.set $xi (i32.add (local.get $xi) (i32.const 8)))
        (local.set $wi (i32.add (local.get $wi) (local.get $rowBytes)))
        (br $inputLoop)))
      (v128.store (local.get $yb) (local.get $acc0))
      (v128.store offset=16 (local.get $yb) (local.get $acc1))
      (v128.store offset=32 (local.get $yb) (local.get $acc2))
      (v128.store offset=48 (local.get $yb) (local.get $acc3))
      (local.set $block (i32.add (local.get $block) (i32.const 1)))
      (br $blockLoop))))

  ;; The filter gradient's tiles of one image (src/core/winograd.ts, gradientTiles, for filters contiguous in dm),
  ;; in float32 for mm_ab32 (only training asks for this gradient):
  ;; dm + tile·tileStride + f·4 + ξ·xiStride (bytes) = (A dY Aᵀ)[ξ] for the 2×2 tile of dY [F][OH][OW] at y, with dY
  ;; zero where an edge tile hangs over an odd output. The same adds and negations as gradientTiles, in float64, so
  ;; the same numbers rounded once to float32; here for two filters at a time (neighbours in dm, so each ξ is one
  ;; store), without gradientTiles' index arithmetic per value and bounds checks per store. An odd F's last pair
  ;; reads one map past dY (the caller keeps it) into a padding column of dm.
  (func (export "wino_grad")
    (param $y i32) (param $F i32) (param $OH i32) (param $OW i32) (param $TD i32) (param $TA i32)
    (param $dm i32) (param $tileStride i32) (param $xiStride i32)
    (local $rowBytes i32) (local $plane i32) (local $ty i32) (local $tx i32) (local $f i32) (local $p i32)
    (local $q i32) (local $at i32) (local $hasRow i32) (local $hasCol i32) (local $quad i32)
    (local $y00 v128) (local $y01 v128) (local $y10 v128) (local $y11 v128)
    (local $r i32) (local $xi2 i32) (local $xi3 i32) (local $ra v128) (local $rb v128)
    (local.set $rowBytes (i32.shl (local.get $OW) (i32.const 3)))
    (local.set $plane (i32.mul (local.get $OH) (local.get $rowBytes)))
    (local.set $quad (i32.shl (local.get $xiStride) (i32.const 2)))
    (local.set $xi2 (i32.shl (local.get $xiStride) (i32.const 1)))
    (local.set $xi3 (i32.mul (local.get $xiStride) (i32.const 3)))
    (block $tyDone (loop $tys
      (br_if $tyDone (i32.ge_u (local.get $ty) (local.get $TD)))
      ;; The tile's second row exists unless it is the last row of tiles over an odd height.
      (local.set $hasRow (i32.lt_u (i32.add (i32.shl (local.get $ty) (i32.const 1)) (i32.const 1)) (local.get $OH)))
      (local.set $tx (i32.const 0))
      (block $txDone (loop $txs
        (br_if $txDone (i32.ge_u (local.get $tx) (local.get $TA)))
        (local.set $hasCol (i32.lt_u (i32.add (i32.shl (local.get $tx) (i32.const 1)) (i32.const 1)) (local.get $OW)))
        (local.set $p (i32.add (local.get $y) (i32.add (i32.mul (i32.shl (local.get $ty) (i32.const 1)) (local.get $rowBytes))
          (i32.shl (local.get $tx) (i32.const 4)))))
        (local.set $at (i32.add (local.get $dm)
          (i32.mul (i32.add (i32.mul (local.get $ty) (local.get $TA)) (local.get $tx)) (local.get $tileStride))))
        (local.set $f (i32.const 0))
        (block $fDone (loop $fs
          (br_if $fDone (i32.ge_u (local.get $f) (local.get $F)))
          ;; The tile's cells of maps f (lane 0, at p) and f + 1 (lane 1, at q).
          (local.set $q (i32.add (local.get $p) (local.get $plane)))
          (local.set $y00 (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $p))) (f64.load (local.get $q))))
          (local.set $y01 (v128.const f64x2 0 0)) (local.set $y10 (v128.const f64x2 0 0)) (local.set $y11 (v128.const f64x2 0 0))
          (if (local.get $hasCol) (then (local.set $y01
            (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (local.get $p))) (f64.load offset=8 (local.get $q))))))
          (if (local.get $hasRow) (then
            (local.set $y10 (f64x2.replace_lane 1 (f64x2.splat (f64.load (i32.add (local.get $p) (local.get $rowBytes))))
              (f64.load (i32.add (local.get $q) (local.get $rowBytes)))))
            (if (local.get $hasCol) (then
              (local.set $y11 (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=8 (i32.add (local.get $p) (local.get $rowBytes))))
                (f64.load offset=8 (i32.add (local.get $q) (local.get $rowBytes)))))))))
          ;; A dY: rows (y0·), (y0· + y1·), (y0· − y1·), (−y1·); each row (a, b) then times Aᵀ along the row:
          ;; a, a + b, a − b, −b, one ξ (xiStride bytes) apart. Written out, not a call: V8 does not inline calls
          ;; between WebAssembly functions.
          (local.set $ra (local.get $y00)) (local.set $rb (local.get $y01)) (local.set $r (local.get $at))
          (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $ra)))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xiStride)) (f32x4.demote_f64x2_zero (f64x2.add (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi2)) (f32x4.demote_f64x2_zero (f64x2.sub (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi3)) (f32x4.demote_f64x2_zero (f64x2.neg (local.get $rb))))
          (local.set $ra (f64x2.add (local.get $y00) (local.get $y10))) (local.set $rb (f64x2.add (local.get $y01) (local.get $y11))) (local.set $r (i32.add (local.get $at) (local.get $quad)))
          (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $ra)))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xiStride)) (f32x4.demote_f64x2_zero (f64x2.add (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi2)) (f32x4.demote_f64x2_zero (f64x2.sub (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi3)) (f32x4.demote_f64x2_zero (f64x2.neg (local.get $rb))))
          (local.set $ra (f64x2.sub (local.get $y00) (local.get $y10))) (local.set $rb (f64x2.sub (local.get $y01) (local.get $y11))) (local.set $r (i32.add (local.get $at) (i32.shl (local.get $quad) (i32.const 1))))
          (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $ra)))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xiStride)) (f32x4.demote_f64x2_zero (f64x2.add (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi2)) (f32x4.demote_f64x2_zero (f64x2.sub (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi3)) (f32x4.demote_f64x2_zero (f64x2.neg (local.get $rb))))
          (local.set $ra (f64x2.neg (local.get $y10))) (local.set $rb (f64x2.neg (local.get $y11))) (local.set $r (i32.add (local.get $at) (i32.mul (local.get $quad) (i32.const 3))))
          (v128.store64_lane 0 (local.get $r) (f32x4.demote_f64x2_zero (local.get $ra)))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xiStride)) (f32x4.demote_f64x2_zero (f64x2.add (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi2)) (f32x4.demote_f64x2_zero (f64x2.sub (local.get $ra) (local.get $rb))))
          (v128.store64_lane 0 (i32.add (local.get $r) (local.get $xi3)) (f32x4.demote_f64x2_zero (f64x2.neg (local.get $rb))))
          (local.set $p (i32.add (local.get $q) (local.get $plane)))
          (local.set $at (i32.add (local.get $at) (i32.const 8)))
          (local.set $f (i32.add (local.get $f) (i32.const 2)))
          (br $fs)))
        (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
        (br $txs)))
      (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
      (br $tys))))
)
