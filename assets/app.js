// Clubhouse's own script: live-update housekeeping for htmx's SSE extension. A file, not an
// inline script: the Content-Security-Policy allows scripts from this origin only.
(function () {
  "use strict";
  if (!window.htmx) return;

  // The URL each stream was opened with, and the newest event id it delivered.
  var baseOf = new WeakMap();
  var lastSeen = {};

  document.addEventListener("htmx:sseMessage", function (e) {
    var message = e.detail;
    if (!message || !message.lastEventId || !message.target) return;
    var base = baseOf.get(message.target);
    if (base) lastSeen[base] = message.lastEventId;
  });

  // When the extension reopens a stream after an error (the browser's own reconnect would
  // send Last-Event-ID; a new EventSource does not), resume after the last event received.
  htmx.createEventSource = function (url) {
    var last = lastSeen[url];
    var resume = last ? url.replace(/([?&])after=\d+/, "$1after=" + last) : url;
    var source = new EventSource(resume, { withCredentials: true });
    baseOf.set(source, url);
    // The server says this page missed updates it cannot replay: load it again.
    source.addEventListener("reload", function () {
      source.close();
      window.location.reload();
    });
    return source;
  };

  // Registration countdowns: the button stays disabled until the opening moment, counted on
  // the server's clock (the page says what time it was when rendered), then enables itself
  // without a reload. The server still refuses anything early.
  var countdowns = [];
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = Date.now();
    countdowns = countdowns.filter(function (c) {
      if (!document.body.contains(c.button)) return false;
      var left = c.opensAt - (now + c.skew);
      if (left <= 0) {
        c.button.disabled = false;
        if (c.label) c.label.textContent = c.label.getAttribute("data-open-text");
        return false;
      }
      if (c.label) {
        var s = Math.ceil(left / 1000);
        var d = Math.floor(s / 86400);
        var text = (d > 0 ? d + " d " : "") + two(Math.floor(s / 3600) % 24) + ":" +
          two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
        c.text.textContent = text;
      }
      return true;
    });
  }
  htmx.onLoad(function (root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll("[data-opens-at]") : [];
    buttons.forEach(function (button) {
      var form = button.form || document;
      var label = form.querySelector("[data-countdown]");
      var text = null;
      if (label) {
        text = document.createElement("strong");
        text.className = "countdown-clock";
        label.appendChild(document.createTextNode(" "));
        label.appendChild(text);
      }
      countdowns.push({
        button: button,
        label: label,
        text: text,
        opensAt: Number(button.getAttribute("data-opens-at")),
        skew: label ? Number(label.getAttribute("data-now")) - Date.now() : 0
      });
    });
    tick();
  });
  setInterval(tick, 250);

  // A receipt's print button (no inline handlers under the Content-Security-Policy).
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("[data-print]")) window.print();
  });
})();
