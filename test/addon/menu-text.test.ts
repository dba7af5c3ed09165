/**
 * The pure parts of the menu: the sidebar page set to a panel, the prediction toast, the export dialog.
 */
import { exportHtml } from '../../src/addon/dialogs';
import { predictionText } from '../../src/addon/prediction-text';
import { sidebarHtmlFor } from '../../src/addon/sidebar-page';

const PAGE =
  '<body data-initial-panel="image"><details id="build-model"><summary>Build model…</summary></details></body>';

describe('sidebarHtmlFor', () => {
  test('names the panel and can unfold the Build model section', () => {
    expect(sidebarHtmlFor(PAGE, { panel: 'train' })).toBe(PAGE.replace('"image"', '"train"'));
    expect(sidebarHtmlFor(PAGE, { panel: 'image', openBuildSection: true })).toBe(
      PAGE.replace('id="build-model"', 'id="build-model" open'),
    );
    expect(sidebarHtmlFor(PAGE, { panel: 'image' })).toBe(PAGE);
  });

  test('a page without the marker, or with it twice, is a build mismatch with a fix', () => {
    expect(() => sidebarHtmlFor('<body>', { panel: 'train' })).toThrow(
      'The sidebar page should contain data-initial-panel="image" exactly once; rebuild the add-on (npm run build) and push it again.',
    );
    expect(() => sidebarHtmlFor(PAGE + PAGE, { panel: 'train' })).toThrow('exactly once');
    expect(() =>
      sidebarHtmlFor('<body data-initial-panel="image">', { panel: 'image', openBuildSection: true }),
    ).toThrow('<details id="build-model"> exactly once');
  });
});

describe('predictionText', () => {
  const classes = ['Elon Musk', 'Jeff Bezos', 'Jon Snow'];

  test('lists the classes from the most to the least likely, as percentages', () => {
    const text = predictionText({ classes, probabilities: [0.1004, 0.0235, 0.8761], predicted: 2, label: -1 });
    expect(text).toBe('Jon Snow 87.6% · Elon Musk 10.0% · Jeff Bezos 2.4%');
  });

  test('adds the chosen label and its cross-entropy loss', () => {
    const loss = { crossEntropy: -Math.log(0.1004), distance: 1.1, klDivergence: -Math.log(0.1004) };
    const text = predictionText({ classes, probabilities: [0.1004, 0.0235, 0.8761], predicted: 2, label: 0, loss });
    expect(text).toBe('Jon Snow 87.6% · Elon Musk 10.0% · Jeff Bezos 2.4% — label Elon Musk, cross-entropy loss 2.299');
  });
});

describe('exportHtml', () => {
  test("the download link is the spreadsheet's own .xlsx export, with the id encoded", () => {
    expect(exportHtml('1AbC-d_9', 'native')).toContain(
      'href="https://docs.google.com/spreadsheets/d/1AbC-d_9/export?format=xlsx"',
    );
    const odd = exportHtml('x"><script>alert(1)</script>', null);
    expect(odd).not.toContain('<script>');
    expect(odd).toContain('/d/x%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E/export');
  });

  test('warns about custom functions only in custom mode', () => {
    expect(exportHtml('id', 'custom')).toContain('#NAME?');
    for (const mode of ['native', 'values', null] as const) expect(exportHtml('id', mode)).not.toContain('#NAME?');
  });
});
