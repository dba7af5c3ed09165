/**
 * Saving bytes from the page: a Blob URL on an <a download> link, clicked by the page. HtmlService's IFRAME
 * sandbox allows it: its documented sandbox keywords include allow-downloads (Apps Script guide "HTML Service:
 * Restrictions", https://developers.google.com/apps-script/guides/html/restrictions). No server round trip,
 * no Drive scope.
 */
export function downloadBytes(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  // The page's <base target="_top"> would aim the link at the spreadsheet's window; the download belongs here.
  link.target = '_self';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the browser has started reading it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
