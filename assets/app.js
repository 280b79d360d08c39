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
})();
