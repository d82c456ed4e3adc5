// The dashboard's only script (served from /dashboard/, so the Content-Security-Policy can forbid
// inline code). It does three things; the pages read fine without it.
//  1. Live refresh: every few seconds it fetches the page again and swaps the live region when
//     the status board's version changed.
//  2. Sync: posts to /api/v1/sync like any API client, with the token typed into the page as a
//     bearer token (kept only in the input field: never stored, never put in a URL).
//  3. Keeps the "12 s ago" texts current between refreshes.
(function () {
  'use strict';

  var state = document.getElementById('live-state');
  var seconds = state ? parseInt(state.getAttribute('data-refresh'), 10) || 3 : 3;

  function ago(iso) {
    var span = (Date.now() - Date.parse(iso)) / 1000;
    var future = span < 0;
    span = Math.abs(span);
    var text;
    if (span < 60) text = Math.floor(span) + ' s';
    else if (span < 3600) text = Math.floor(span / 60) + ' min';
    else if (span < 86400) text = Math.floor(span / 3600) + ' h ' + Math.floor((span % 3600) / 60) + ' min';
    else text = Math.floor(span / 86400) + ' d ' + Math.floor((span % 86400) / 3600) + ' h';
    return future ? 'in ' + text : text + ' ago';
  }

  function tick() {
    var items = document.querySelectorAll('[data-since]');
    for (var i = 0; i < items.length; i++) {
      items[i].textContent = ago(items[i].getAttribute('data-since'));
    }
  }

  function setState(text, stale) {
    if (!state) return;
    state.textContent = text;
    state.classList.toggle('stale', stale);
  }

  var busy = false;
  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      var response = await fetch(location.pathname, { cache: 'no-store', headers: { 'Accept': 'text/html' } });
      if (!response.ok) {
        setState('Not refreshed: the service answered ' + response.status + ' (retrying every ' + seconds + ' s).', true);
        return;
      }
      var doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      var next = doc.getElementById('live');
      var live = document.getElementById('live');
      if (next && live && next.getAttribute('data-version') !== live.getAttribute('data-version')) {
        live.replaceWith(document.importNode(next, true));
      }
      setState('Live: checked ' + new Date().toLocaleTimeString() + ', refreshes every ' + seconds + ' s.', false);
      tick();
    } catch (e) {
      setState('Not refreshed: the service cannot be reached (retrying every ' + seconds + ' s).', true);
    } finally {
      busy = false;
    }
  }

  var form = document.getElementById('sync');
  if (form) {
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var result = document.getElementById('sync-result');
      var input = document.getElementById('sync-token');
      var headers = {};
      if (input && input.value.trim() !== '') headers['Authorization'] = 'Bearer ' + input.value.trim();
      result.className = '';
      result.textContent = 'Asking…';
      try {
        var response = await fetch(form.getAttribute('action'), { method: 'POST', headers: headers, cache: 'no-store' });
        var body = {};
        try { body = await response.json(); } catch (e) { body = {}; }
        if (response.status === 202) {
          result.className = 'ok';
          result.textContent = '✔ Sync started: ' + (body.message || 'a tick starts now');
          setTimeout(refresh, 500);
        } else if (response.status === 401) {
          result.className = 'bad';
          result.textContent = '✖ Refused: ' + (input ? 'the token is wrong or missing.' : 'a token is required.');
          if (input) input.focus();
        } else {
          result.className = 'bad';
          result.textContent = '✖ Refused (' + response.status + '): ' + (body.error || response.statusText);
        }
      } catch (e) {
        result.className = 'bad';
        result.textContent = '✖ The service cannot be reached.';
      }
    });
  }

  tick();
  setInterval(tick, 1000);
  setInterval(refresh, seconds * 1000);
})();
