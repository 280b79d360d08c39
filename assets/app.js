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
  // Every stream this page opened: a page kept in the back-forward cache must not hold its
  // streams open (browsers allow six connections per host over HTTP/1.1).
  var sources = [];
  htmx.createEventSource = function (url) {
    var last = lastSeen[url];
    var resume = last ? url.replace(/([?&])after=\d+/, "$1after=" + last) : url;
    var source = new EventSource(resume, { withCredentials: true });
    baseOf.set(source, url);
    sources.push(source);
    // The server says this page missed updates it cannot replay: load it again.
    source.addEventListener("reload", function () {
      source.close();
      window.location.reload();
    });
    return source;
  };

  window.addEventListener("pagehide", function () {
    sources.forEach(function (s) { s.close(); });
    sources = [];
  });
  // Back from the cache, the page is behind and its streams are closed: load it afresh.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) window.location.reload();
  });

  // Registration opening: elements marked data-opens-at wait for that moment on the
  // server's clock (data-now says what time it was when the page was rendered). Until then a
  // button stays disabled and a text shows the time left; at the moment the button enables
  // itself and the text becomes data-open-text, without a reload. The server still refuses
  // anything early.
  var waiting = [];
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = Date.now();
    waiting = waiting.filter(function (w) {
      if (!document.body.contains(w.el)) return false;
      var left = w.opensAt - (now + w.skew);
      if (left <= 0) {
        if (w.el.tagName === "BUTTON") w.el.disabled = false;
        if (w.openText !== null) w.el.textContent = w.openText;
        return false;
      }
      if (w.clock) {
        var s = Math.ceil(left / 1000);
        var d = Math.floor(s / 86400);
        w.clock.textContent = (d > 0 ? d + " d " : "") + two(Math.floor(s / 3600) % 24) + ":" +
          two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
      }
      return true;
    });
  }
  htmx.onLoad(function (root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("[data-opens-at]").forEach(function (el) {
      var clock = null;
      if (el.tagName !== "BUTTON") {
        clock = document.createElement("strong");
        clock.className = "countdown-clock";
        el.appendChild(document.createTextNode(" "));
        el.appendChild(clock);
      }
      var rendered = Number(el.getAttribute("data-now"));
      waiting.push({
        el: el,
        clock: clock,
        openText: el.getAttribute("data-open-text"),
        opensAt: Number(el.getAttribute("data-opens-at")),
        skew: rendered ? rendered - Date.now() : 0
      });
    });
    tick();
  });
  setInterval(tick, 250);

  // A receipt's print button, and buttons that copy a link (no inline handlers under the
  // Content-Security-Policy).
  document.addEventListener("click", function (e) {
    if (!e.target || !e.target.closest) return;
    if (e.target.closest("[data-print]")) window.print();
    var copy = e.target.closest("[data-copy]");
    if (copy) {
      var field = document.querySelector(copy.getAttribute("data-copy"));
      if (!field) return;
      field.select();
      var done = function () { copy.textContent = copy.getAttribute("data-copied") || copy.textContent; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    }
  });

  // The TV display: games that do not fit on one screen, and standings that do not, take
  // turns page by page; in the playoffs the bracket and the standings take turns too.
  // Measured again after every live update and on resize.
  var TURN_MS = 10000;
  function paginate(box, items) {
    var pages = [];
    items.forEach(function (i) { i.hidden = false; });
    var left = items.slice();
    while (left.length) {
      var bottom = box.getBoundingClientRect().bottom;
      var page = left.filter(function (i) { return i.getBoundingClientRect().bottom <= bottom + 1; });
      if (!page.length) page = [left[0]];
      pages.push(page);
      page.forEach(function (i) { i.hidden = true; });
      left = left.filter(function (i) { return page.indexOf(i) < 0; });
    }
    return pages;
  }
  function pager(box, selector) {
    var state = { pages: [], at: 0 };
    function show() {
      state.pages.forEach(function (p, n) {
        p.forEach(function (i) { i.hidden = n !== state.at; });
      });
      var mark = box.querySelector(":scope > .tv-page");
      if (state.pages.length > 1) {
        if (!mark) {
          mark = document.createElement("p");
          mark.className = "tv-page";
          box.appendChild(mark);
        }
        mark.textContent = (state.at + 1) + " / " + state.pages.length;
      } else if (mark) {
        mark.remove();
      }
    }
    state.measure = function () {
      state.pages = paginate(box, [].slice.call(box.querySelectorAll(selector)));
      if (state.at >= state.pages.length) state.at = 0;
      show();
    };
    state.next = function () {
      if (state.pages.length < 2) return;
      state.at = (state.at + 1) % state.pages.length;
      show();
    };
    return state;
  }
  if (document.body.classList.contains("tv")) {
    var tvBody = document.querySelector(".tv-body");
    var pagers = [];
    var games = document.getElementById("current-draw");
    var standings = document.getElementById("standings");
    if (games) pagers.push(pager(games, ".game-card"));
    if (standings) pagers.push(pager(standings, "tbody tr"));
    var measureAll = function () { pagers.forEach(function (p) { p.measure(); }); };
    document.addEventListener("htmx:afterSettle", measureAll);
    window.addEventListener("resize", measureAll);
    measureAll();
    setInterval(function () {
      pagers.forEach(function (p) { p.next(); });
      var bracket = document.getElementById("bracket");
      if (tvBody && tvBody.classList.contains("playoffs") && bracket && bracket.children.length &&
          standings && standings.children.length) {
        tvBody.classList.toggle("turn-standings");
        measureAll();
      }
    }, TURN_MS);
  }
})();
