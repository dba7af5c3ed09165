import { boxIoU, faceCropRect, FACE_MARGIN, largestFace } from '../../src/image/face-crop';

const box = (left: number, top: number, width: number, height: number, score = 0.9) => ({
  left,
  top,
  width,
  height,
  score,
});

describe('largestFace', () => {
  it('picks the face with the largest area, not the most confident one', () => {
    expect(largestFace([box(0, 0, 10, 10, 0.99), box(50, 50, 30, 20, 0.6), box(5, 5, 20, 20, 0.8)])).toEqual(
      box(50, 50, 30, 20, 0.6),
    );
    expect(largestFace([])).toBeNull();
  });
});

describe('faceCropRect', () => {
  it('is a square of 1.3× the longer side of the face, centred on it', () => {
    // Face centre (150, 120), longer side 100 → side 130, left 150 − 65 = 85, top 120 − 65 = 55.
    expect(FACE_MARGIN).toBe(1.3);
    expect(faceCropRect(box(100, 80, 100, 80), 400, 300)).toEqual({ left: 85, top: 55, width: 130, height: 130 });
  });

  it('moves the square inside the picture when the face is near an edge', () => {
    expect(faceCropRect(box(0, 270, 40, 30), 400, 300)).toEqual({ left: 0, top: 248, width: 52, height: 52 });
    expect(faceCropRect(box(380, 0, 20, 20), 400, 300)).toEqual({ left: 374, top: 0, width: 26, height: 26 });
  });

  it('is at most the shorter side of the picture, for a face filling the frame', () => {
    // Centre x = 50: the 80-pixel square starts at 10.
    expect(faceCropRect(box(-10, -5, 120, 110), 100, 80)).toEqual({ left: 10, top: 0, width: 80, height: 80 });
  });

  it('is at least one pixel for a tiny box', () => {
    // Centre (3.3, 4.85) → corner (2.8, 4.35), rounded.
    expect(faceCropRect(box(3.2, 4.7, 0.2, 0.3), 10, 10)).toEqual({ left: 3, top: 4, width: 1, height: 1 });
  });
});

describe('boxIoU', () => {
  it('is overlap over union', () => {
    expect(boxIoU(box(0, 0, 10, 10), box(0, 0, 10, 10))).toBe(1);
    expect(boxIoU(box(0, 0, 10, 10), box(5, 0, 10, 10))).toBeCloseTo(50 / 150, 12);
    expect(boxIoU(box(0, 0, 10, 10), box(20, 20, 5, 5))).toBe(0);
    expect(boxIoU(box(0, 0, 0, 0), box(0, 0, 0, 0))).toBe(0);
  });
});
