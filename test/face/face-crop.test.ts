import { boxIoU, FACE_CROP, faceCropRect, largestFace } from '../../src/image/face-crop';

/**
 * A face placed by its eyes and mouth, with a detector box where a detector would put it: here the very square
 * the landmarks give (side 3 units, centred 0.35 units below the eyes), so they are believed.
 */
const face = (leftEye: [number, number], rightEye: [number, number], mouth: [number, number]) => {
  const eyes = { x: (leftEye[0] + rightEye[0]) / 2, y: (leftEye[1] + rightEye[1]) / 2 };
  const unit =
    (Math.hypot(leftEye[0] - rightEye[0], leftEye[1] - rightEye[1]) +
      Math.hypot(eyes.x - mouth[0], eyes.y - mouth[1])) /
    2;
  const side = 3 * unit;
  return {
    left: eyes.x - side / 2,
    top: eyes.y + 0.35 * unit - side / 2,
    width: side,
    height: side,
    score: 0.9,
    landmarks: {
      leftEye: { x: leftEye[0], y: leftEye[1] },
      rightEye: { x: rightEye[0], y: rightEye[1] },
      mouth: { x: mouth[0], y: mouth[1] },
    },
  };
};

const box = (left: number, top: number, width: number, height: number, score = 0.9) => ({
  ...face([0, 0], [0, 0], [0, 0]),
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
  it('is a square of 3 face units, centred 0.35 units below the point between the eyes', () => {
    expect(FACE_CROP).toEqual({ side: 3, centreBelowEyes: 0.35 });
    // Eyes 40 apart, mouth 40 below their midpoint (120, 100): unit 40, side 120, centre (120, 114).
    expect(faceCropRect(face([100, 100], [140, 100], [120, 140]), 400, 300)).toEqual({
      left: 60,
      top: 54,
      width: 120,
      height: 120,
    });
  });

  it('measures the face by the mean of eye-to-eye and eyes-to-mouth distances (a turned head keeps its size)', () => {
    // Eyes 20 apart (head turned), mouth 40 below: unit 30, side 90, centre (110, 110.5) → corner (65, 65.5).
    expect(faceCropRect(face([100, 100], [120, 100], [110, 140]), 400, 300)).toEqual({
      left: 65,
      top: 66,
      width: 90,
      height: 90,
    });
  });

  it('ignores the tilt of the head: the square stays upright, centred between the eyes', () => {
    // Eyes (100, 90) and (130, 130): 50 apart; mouth 50 from their midpoint (115, 110): unit 50, side 150.
    const rect = faceCropRect(face([100, 90], [130, 130], [75, 140]), 400, 300);
    expect(rect).toEqual({ left: 40, top: 53, width: 150, height: 150 });
  });

  it('moves the square inside the picture when the face is near an edge', () => {
    expect(faceCropRect(face([0, 280], [20, 280], [10, 300]), 400, 300)).toEqual({
      left: 0,
      top: 240,
      width: 60,
      height: 60,
    });
    expect(faceCropRect(face([385, 5], [395, 5], [390, 15]), 400, 300)).toEqual({
      left: 370,
      top: 0,
      width: 30,
      height: 30,
    });
  });

  it('is at most the shorter side of the picture, for a face filling the frame', () => {
    // Unit 40 → 120 pixels, more than the picture's 80: the 80-pixel square, centred at x = 50.
    expect(faceCropRect(face([30, 30], [70, 30], [50, 70]), 100, 80)).toEqual({
      left: 10,
      top: 0,
      width: 80,
      height: 80,
    });
  });

  it('falls back to the box (1.1× its longer side, centred on it) when the landmarks are not believable', () => {
    const found = face([100, 100], [140, 100], [120, 140]); // box (60, 54) 120×120, centre (120, 114)
    // Eyes and mouth collapsed to one point: a square of 0 units.
    const collapsed = {
      ...found,
      landmarks: { leftEye: { x: 120, y: 110 }, rightEye: { x: 120, y: 110 }, mouth: { x: 120, y: 110 } },
    };
    // Side 132, centre (120, 114) → corner (54, 48).
    expect(faceCropRect(collapsed, 400, 300)).toEqual({ left: 54, top: 48, width: 132, height: 132 });
    // Landmarks 3× too far apart (a square 3× the box) or off to one side of the box: the box again.
    const spread = face([60, 100], [180, 100], [120, 220]);
    expect(faceCropRect({ ...found, landmarks: spread.landmarks }, 400, 300)).toEqual(
      faceCropRect(collapsed, 400, 300),
    );
    const aside = face([200, 100], [240, 100], [220, 140]);
    expect(faceCropRect({ ...found, landmarks: aside.landmarks }, 400, 300)).toEqual(faceCropRect(collapsed, 400, 300));
    // Within the limits (a square 1.9× the box, centre 0.4 of its side away) the landmarks still place it.
    // Eyes 76 apart, mouth 76 below: side 228 (1.9 × 120), centre (120, 162), 48 = 0.4 × 120 below the box's.
    const larger = face([82, 135.4], [158, 135.4], [120, 211.4]);
    expect(faceCropRect({ ...found, landmarks: larger.landmarks }, 400, 300)).toEqual({
      left: 6,
      top: 48,
      width: 228,
      height: 228,
    });
  });

  it('is at least one pixel for a tiny face', () => {
    expect(faceCropRect(face([3, 4], [3.1, 4], [3.05, 4.1]), 10, 10)).toEqual({
      left: 3,
      top: 4,
      width: 1,
      height: 1,
    });
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
