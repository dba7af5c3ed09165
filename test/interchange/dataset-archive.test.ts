/**
 * The dataset archive, opened by an independent zip reader (JSZip, which ExcelJS brings) and PNG decoder
 * (pngjs): every picture decodes to the pixels stored in the Dataset sheet, under its split and class.
 */
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { datasetArchive, safeFileName } from '../../src/interchange/dataset-archive';
import { encodeRgbPng } from '../../src/interchange/png-encode';
import { newServer, picture } from '../server/server-fixture';

async function entries(zip: Uint8Array): Promise<Map<string, Buffer>> {
  const archive = await JSZip.loadAsync(zip);
  const files = new Map<string, Buffer>();
  for (const file of Object.values(archive.files)) if (!file.dir) files.set(file.name, await file.async('nodebuffer'));
  return files;
}

describe('dataset archive', () => {
  test('train/<class>/<name>.png and test/<class>/<name>.png decode to the stored pixels; labels.csv lists them', async () => {
    const { api } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 1, classes: ['Cats', 'Dogs/Wolves'] });
    api.splitDataset(0.34, 3);
    api.addPictures({ label: 'cats', pictures: [1, 2, 3].map((n) => picture(`cat ${n}.jpg`, 5, 5, n)) });
    api.addPictures({
      label: 'Dogs/Wolves',
      pictures: [picture('a.png', 5, 5, 10), picture('a.jpeg', 5, 5, 11), picture('a,b "c".png', 5, 5, 12)],
    });
    const page = api.getDatasetPage(0);
    const { zip, paths } = datasetArchive(page.rows, ['Cats', 'Dogs/Wolves']);
    const files = await entries(zip);
    expect([...files.keys()].sort()).toEqual([...paths, 'labels.csv'].sort());
    page.rows.forEach((row, i) => {
      const folder = row.label.toLowerCase() === 'cats' ? 'Cats' : 'Dogs_Wolves';
      expect(paths[i].startsWith(`${row.split}/${folder}/`)).toBe(true);
      const png = PNG.sync.read(files.get(paths[i]) as Buffer);
      expect([png.width, png.height]).toEqual([row.width, row.height]);
      const stored = Buffer.from(row.pixels, 'base64');
      const rgb = Buffer.alloc(stored.length);
      for (let p = 0; p < row.width * row.height; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = png.data[p * 4 + c];
      expect(rgb.equals(stored)).toBe(true);
    });
    // The split in the archive is the sheet's: one test picture per class with a 0.34 fraction of 3.
    const summary = api.getDataset();
    for (const c of summary.classes) {
      const folder = c.name === 'Cats' ? 'Cats' : 'Dogs_Wolves';
      expect(paths.filter((p) => p.startsWith(`train/${folder}/`)).length).toBe(c.train);
      expect(paths.filter((p) => p.startsWith(`test/${folder}/`)).length).toBe(c.test);
    }
    // "a.png" and "a.jpeg" both become a….png: the second gets a suffix.
    expect(paths.filter((p) => /Dogs_Wolves\/a(-2)?\.png$/.test(p))).toHaveLength(2);
    const csv = (files.get('labels.csv') as Buffer).toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('path,label,split,name');
    expect(csv).toHaveLength(7);
    expect(csv.some((line) => line.endsWith(',Cats,' + page.rows[0].split + ',cat 1.jpg'))).toBe(true);
    expect(csv.some((line) => line.endsWith(',"a,b ""c"".png"'))).toBe(true);
  });

  test('names are made safe for every file system', () => {
    expect(safeFileName('../etc/passwd', 'x')).toBe('_etc_passwd');
    expect(safeFileName('a:b*c?"d"<e>|f\\g', 'x')).toBe('a_b_c__d__e__f_g');
    expect(safeFileName('...', 'fallback')).toBe('fallback');
  });

  test('a PNG of odd size decodes to its pixels exactly', () => {
    const rgb = Uint8Array.from({ length: 7 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const png = PNG.sync.read(Buffer.from(encodeRgbPng(7, 3, rgb)));
    expect([png.width, png.height]).toEqual([7, 3]);
    for (let p = 0; p < 21; p++) for (let c = 0; c < 3; c++) expect(png.data[p * 4 + c]).toBe(rgb[p * 3 + c]);
  });

  test('a row whose pixels do not fit its size is refused naming the picture', () => {
    expect(() =>
      datasetArchive([{ label: 'a', name: 'bad.png', split: 'train', width: 5, height: 5, pixels: 'AAAA' }]),
    ).toThrow(/Dataset picture 1 \("bad.png"\): Pixel text holds 3 bytes, but a 5×5 RGB picture needs 75/);
  });
});
