/**
 * One self-contained HTML page for HtmlService: HtmlService serves a project's .html files but no .js or .css
 * files, so the page's stylesheet link and script tag are replaced by their contents.
 */

/** `html` with `<link rel="stylesheet" href="{cssHref}">` and `<script src="{scriptSrc}"></script>` inlined. */
export function inlinePage(html, { cssHref, css, scriptSrc, js }) {
  if (/<\/script/i.test(js) || /<!--/.test(js)) {
    // esbuild escapes "</script" inside strings; anything left would end the inline script early.
    throw new Error(
      'The sidebar bundle contains "</script" or "<!--", which would break the inlined <script>; write it as "<\\/script" / "<\\!--".',
    );
  }
  if (/<\/style/i.test(css))
    throw new Error('The sidebar stylesheet contains "</style", which would end the inlined <style> early.');
  const withCss = replaceTag(
    html,
    new RegExp(`<link\\s+rel="stylesheet"\\s+href="${escapeRegExp(cssHref)}"\\s*/?>`),
    `<style>${css}</style>`,
  );
  return replaceTag(
    withCss,
    new RegExp(`<script\\s+src="${escapeRegExp(scriptSrc)}"\\s*>\\s*</script>`),
    `<script>${js}</script>`,
  );
}

function replaceTag(html, pattern, replacement) {
  const matches = html.match(new RegExp(pattern.source, 'g')) ?? [];
  if (matches.length !== 1)
    throw new Error(`The sidebar page must contain ${pattern.source} exactly once; found ${matches.length}.`);
  // A function replacement, so "$&" or "$1" inside the bundle are not read as patterns.
  return html.replace(pattern, () => replacement);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
