// The console's one script, served as /assets/console.js. Progressive enhancement only: every page works without it,
// except the Copy button, which stays hidden when scripts do not run.
export const CONSOLE_JS = `'use strict';
(function () {
  // Team tray: the server renders <details>; here it becomes a button with aria-expanded that opens a menu.
  document.querySelectorAll('[data-tray]').forEach(function (tray) {
    var details = tray.querySelector('details');
    var summary = details && details.querySelector('summary');
    var menu = details && details.querySelector('.tray-menu');
    if (!summary || !menu) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = summary.className;
    while (summary.firstChild) button.appendChild(summary.firstChild);
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', menu.id);
    menu.hidden = true;
    tray.replaceChildren(button, menu);
    tray.classList.add('tray-enhanced');
    function setOpen(open) {
      button.setAttribute('aria-expanded', String(open));
      menu.hidden = !open;
    }
    button.addEventListener('click', function () {
      setOpen(button.getAttribute('aria-expanded') !== 'true');
    });
    tray.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !menu.hidden) {
        setOpen(false);
        button.focus();
      }
    });
    document.addEventListener('click', function (event) {
      if (!tray.contains(event.target)) setOpen(false);
    });
  });

  // Copy: the clipboard API where the page is a secure context, the selection command elsewhere.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.querySelector('[data-copy-status]');
    if (!field) return;
    button.hidden = false;
    function report(text) {
      if (status) status.textContent = text;
    }
    button.addEventListener('click', function () {
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { report('Copied to the clipboard.'); },
          function () { report('Copy failed: select the token and copy it by hand.'); }
        );
      } else {
        report(document.execCommand('copy') ? 'Copied to the clipboard.' : 'Select the token and copy it by hand.');
      }
    });
  });

  // "I want to generate a new token" enables "Generate token" (the server also refuses an unticked form).
  document.querySelectorAll('[data-enables]').forEach(function (box) {
    var target = document.getElementById(box.getAttribute('data-enables'));
    if (!target) return;
    function sync() { target.disabled = !box.checked; }
    box.addEventListener('change', sync);
    sync();
  });

  // Connection health while waiting for the identity provider's first request: the panel (only) is fetched again
  // every few seconds and replaced, until the server renders it without data-health-poll.
  function pollHealth() {
    var panel = document.querySelector('[data-health-poll]');
    if (!panel || !window.fetch) return;
    window.setTimeout(function () {
      fetch(panel.getAttribute('data-health-poll'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (text) {
          var holder = document.createElement('div');
          holder.innerHTML = text;
          var fresh = holder.querySelector('#connection-health');
          if (fresh) panel.replaceWith(fresh);
          pollHealth();
        }, function () { pollHealth(); });
    }, 5000);
  }
  pollHealth();

  // The overlap window's options only matter once "keep the previous token" is ticked.
  var keep = document.getElementById('keep-previous');
  if (keep) {
    var options = document.querySelectorAll('.overlap-options select, .overlap-options input');
    function syncOverlap() {
      options.forEach(function (el) { el.disabled = !keep.checked; });
    }
    keep.addEventListener('change', syncOverlap);
    syncOverlap();
  }
})();
`;
