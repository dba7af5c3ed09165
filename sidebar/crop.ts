/**
 * The adjustable square crop: a size slider (percent of the shorter side), two position sliders, and dragging
 * the square on the original (or arrow keys on it). The default is squareCropRect's centred, largest square.
 */
import { CropRect, squareCropRect } from '../src/image/resize';
import type { RgbImage } from '../src/image/rgb';
import { paintRgb } from './picture';

export interface CropControls {
  readonly canvas: HTMLCanvasElement;
  readonly size: HTMLInputElement;
  readonly sizeValue: HTMLElement;
  readonly x: HTMLInputElement;
  readonly y: HTMLInputElement;
  readonly reset: HTMLButtonElement;
}

export interface CropEditor {
  /** Shows a new picture with the default (centred) crop. */
  setPicture(image: RgbImage): void;
  /** Proposes another square on the current picture (e.g. around a face); the user can still move it. */
  setCrop(rect: CropRect): void;
  crop(): CropRect;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

export function createCropEditor(controls: CropControls, onChange: (crop: CropRect) => void): CropEditor {
  let image: RgbImage | null = null;
  let source: HTMLCanvasElement | null = null;
  let rect: CropRect = { left: 0, top: 0, width: 1, height: 1 };

  const shorter = (): number => (image === null ? 1 : Math.min(image.width, image.height));

  /** Scale and offsets that fit the whole picture into the display canvas. */
  const fit = (): { scale: number; dx: number; dy: number } => {
    const { canvas } = controls;
    if (image === null) return { scale: 1, dx: 0, dy: 0 };
    const scale = Math.min(canvas.width / image.width, canvas.height / image.height);
    return { scale, dx: (canvas.width - image.width * scale) / 2, dy: (canvas.height - image.height * scale) / 2 };
  };

  const draw = (): void => {
    const context = controls.canvas.getContext('2d');
    if (context === null || image === null || source === null) return;
    const { canvas } = controls;
    const { scale, dx, dy } = fit();
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(source, dx, dy, image.width * scale, image.height * scale);
    // Dim what is cut away, outline what is kept.
    const x = dx + rect.left * scale;
    const y = dy + rect.top * scale;
    const side = rect.width * scale;
    context.fillStyle = 'rgba(255,255,255,0.6)';
    context.beginPath();
    context.rect(dx, dy, image.width * scale, image.height * scale);
    context.rect(x, y, side, side);
    context.fill('evenodd');
    context.strokeStyle = '#1a73e8';
    context.lineWidth = 2;
    context.strokeRect(x + 1, y + 1, side - 2, side - 2);
  };

  const syncSliders = (): void => {
    if (image === null) return;
    const percentOf = (offset: number, slack: number): string =>
      String(slack === 0 ? 50 : Math.round((offset / slack) * 100));
    controls.size.value = String(Math.round((rect.width / shorter()) * 100));
    controls.sizeValue.textContent = `${rect.width}×${rect.width} px`;
    controls.x.value = percentOf(rect.left, image.width - rect.width);
    controls.y.value = percentOf(rect.top, image.height - rect.height);
    controls.x.disabled = image.width === rect.width;
    controls.y.disabled = image.height === rect.height;
  };

  const apply = (next: CropRect): void => {
    rect = next;
    // The square in picture pixels, readable by tests and assistive tools (the sliders show rounded percents).
    controls.canvas.dataset.crop = `${rect.left},${rect.top},${rect.width}`;
    syncSliders();
    draw();
    onChange(rect);
  };

  /** A square of `size` at (left, top), moved inside the picture. */
  const place = (size: number, left: number, top: number): CropRect => {
    if (image === null) return rect;
    const side = clamp(Math.round(size), 1, shorter());
    return squareCropRect(image.width, image.height, {
      size: side,
      left: clamp(Math.round(left), 0, image.width - side),
      top: clamp(Math.round(top), 0, image.height - side),
    });
  };

  controls.size.addEventListener('input', () => {
    const side = Math.max(1, Math.round((Number(controls.size.value) / 100) * shorter()));
    // Keep the centre of the square where it was.
    apply(place(side, rect.left + (rect.width - side) / 2, rect.top + (rect.height - side) / 2));
  });
  controls.x.addEventListener('input', () => {
    if (image === null) return;
    apply(place(rect.width, ((image.width - rect.width) * Number(controls.x.value)) / 100, rect.top));
  });
  controls.y.addEventListener('input', () => {
    if (image === null) return;
    apply(place(rect.width, rect.left, ((image.height - rect.height) * Number(controls.y.value)) / 100));
  });
  controls.reset.addEventListener('click', () => {
    if (image !== null) apply(squareCropRect(image.width, image.height));
  });

  // Drag the square with a mouse, pen or finger.
  let drag: { x: number; y: number; left: number; top: number } | null = null;
  controls.canvas.addEventListener('pointerdown', (event) => {
    if (image === null) return;
    controls.canvas.setPointerCapture(event.pointerId);
    drag = { x: event.clientX, y: event.clientY, left: rect.left, top: rect.top };
  });
  controls.canvas.addEventListener('pointermove', (event) => {
    if (drag === null) return;
    // Client pixels → canvas pixels → picture pixels.
    const ratio = controls.canvas.width / controls.canvas.getBoundingClientRect().width;
    const perPixel = ratio / fit().scale;
    apply(
      place(
        rect.width,
        drag.left + (event.clientX - drag.x) * perPixel,
        drag.top + (event.clientY - drag.y) * perPixel,
      ),
    );
  });
  const endDrag = (): void => {
    drag = null;
  };
  controls.canvas.addEventListener('pointerup', endDrag);
  controls.canvas.addEventListener('pointercancel', endDrag);

  // Arrow keys move the square by 1/50 of the picture (Shift: one pixel).
  controls.canvas.addEventListener('keydown', (event) => {
    if (image === null) return;
    const step = event.shiftKey ? 1 : Math.max(1, Math.round(shorter() / 50));
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    apply(place(rect.width, rect.left + move[0], rect.top + move[1]));
  });

  return {
    setPicture(next: RgbImage): void {
      image = next;
      // Keep the full-resolution picture on an off-screen canvas; the display canvas draws it scaled.
      source = document.createElement('canvas');
      paintRgb(source, next);
      apply(squareCropRect(next.width, next.height));
    },
    setCrop(next: CropRect): void {
      if (image !== null) apply(place(next.width, next.left, next.top));
    },
    crop: () => rect,
  };
}
