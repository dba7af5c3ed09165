/**
 * google.script.run for a page served by the local RPC server: the same chainable API as in Apps Script
 * (withSuccessHandler / withFailureHandler / withUserObject, then the server function's name), over
 * POST /rpc/<name> with a JSON body {args}. Plain ES5 text, injected into the page before its own script.
 */
export const RPC_SHIM_SCRIPT = `(function () {
  'use strict';
  function send(name, args) {
    return fetch('/rpc/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args: args })
    }).then(function (response) {
      return response.text().then(function (text) {
        var body;
        try { body = JSON.parse(text); } catch (e) { throw new Error('The local server answered ' + response.status + ' with something that is not JSON.'); }
        if (!response.ok || (body && typeof body.error === 'string')) throw new Error(body && body.error ? body.error : 'The local server answered ' + response.status + '.');
        return body.result;
      });
    });
  }
  function runner(onSuccess, onFailure, userObject) {
    return new Proxy({}, {
      get: function (_target, name) {
        if (name === 'withSuccessHandler') return function (handler) { return runner(handler, onFailure, userObject); };
        if (name === 'withFailureHandler') return function (handler) { return runner(onSuccess, handler, userObject); };
        if (name === 'withUserObject') return function (object) { return runner(onSuccess, onFailure, object); };
        if (typeof name !== 'string' || name === 'then') return undefined;
        return function () {
          var args = Array.prototype.slice.call(arguments);
          send(name, args).then(
            function (result) { if (onSuccess) onSuccess(result, userObject); },
            function (error) { if (onFailure) onFailure(error, userObject); else console.error(error); }
          );
        };
      }
    });
  }
  window.google = window.google || {};
  window.google.script = {
    run: runner(null, null, undefined),
    host: { close: function () {}, setHeight: function () {}, setWidth: function () {}, editor: { focus: function () {} } }
  };
})();`;

/** The page with the shim as its first script (right after <head>, or at the very start without one). */
export function injectShim(html: string): string {
  const tag = `<script>${RPC_SHIM_SCRIPT}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (head === null) return tag + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + tag + html.slice(at);
}
