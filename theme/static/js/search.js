// Search page: queries the Pagefind index that `tickertape build` writes into
// pagefind/ beside the pages. Everything runs in the browser from the site's
// own files; no server and no other host is involved.
(function () {
  "use strict";
  var form = document.querySelector("form[data-bundle]");
  if (!form) { return; }
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI);
  // Result URLs are site-root paths; a site published under a sub-path needs it prepended.
  var siteRoot = bundle.pathname.replace(/pagefind\/$/, "");
  var tickerUrl = form.getAttribute("data-ticker-url") || (siteRoot + "ticker/{symbol}/");
  var PAGE = 20;
  var engine = null;
  var current = 0;
  var shown = [];
  var moreButton = null;
  var timer = null;

  function say(text) { status.textContent = text; }

  function load() {
    if (!engine) {
      engine = import(bundle.href + "pagefind.js").then(function (pf) {
        return pf.options({ baseUrl: siteRoot, excerptLength: 28 }).then(function () { return pf; });
      });
    }
    return engine;
  }

  // Excerpts carry <mark> around the matched words. Parse them in an inert
  // document and keep only text and <mark>, so no markup from a story can act.
  function excerptNode(html) {
    var p = document.createElement("p");
    p.className = "summary excerpt";
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = node.textContent;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function resultNode(data) {
    var li = document.createElement("li");
    li.className = "story";
    var h = document.createElement("h2");
    h.className = "story-title";
    var a = document.createElement("a");
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    h.appendChild(a);
    li.appendChild(h);
    if (data.meta && data.meta.date) {
      var line = document.createElement("p");
      line.className = "dateline";
      line.textContent = data.meta.date;
      li.appendChild(line);
    }
    var tickers = ((data.meta && data.meta.tickers) || "").split(" ").filter(Boolean);
    if (tickers.length) {
      var ul = document.createElement("ul");
      ul.className = "chips";
      ul.setAttribute("aria-label", "Tickers");
      tickers.forEach(function (symbol) {
        var item = document.createElement("li");
        var chip = document.createElement("a");
        chip.className = "chip";
        chip.href = tickerUrl.replace("{symbol}", encodeURIComponent(symbol));
        chip.textContent = symbol;
        item.appendChild(chip);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    if (data.excerpt) { li.appendChild(excerptNode(data.excerpt)); }
    return li;
  }

  function showMore(run) {
    var next = shown.slice(list.children.length, list.children.length + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      if (run !== current) { return; }
      items.forEach(function (data) { list.appendChild(resultNode(data)); });
      if (moreButton) { moreButton.remove(); moreButton = null; }
      if (list.children.length < shown.length) {
        moreButton = document.createElement("button");
        moreButton.type = "button";
        moreButton.className = "more";
        moreButton.textContent = "Show more results";
        moreButton.addEventListener("click", function () { showMore(run); });
        list.insertAdjacentElement("afterend", moreButton);
      }
    });
  }

  function search() {
    var query = input.value.trim();
    var run = ++current;
    history.replaceState(null, "", location.pathname + (query ? "?q=" + encodeURIComponent(query) : ""));
    if (!query) {
      list.replaceChildren();
      if (moreButton) { moreButton.remove(); moreButton = null; }
      say("Type words, a company or a ticker symbol.");
      return Promise.resolve();
    }
    say("Searching…");
    return load().then(function (pf) {
      return pf.search(query);
    }).then(function (found) {
      if (run !== current || !found) { return; }
      shown = found.results;
      list.replaceChildren();
      // The count is announced once the first results are on the page.
      return showMore(run).then(function () {
        if (run !== current) { return; }
        say(shown.length === 0 ? "No stories found for “" + query + "”."
          : shown.length + (shown.length === 1 ? " story" : " stories") + " for “" + query + "”.");
      });
    }).catch(function (err) {
      say("Search could not load its index (" + err.message + "). The archives list every story.");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });

  input.value = new URLSearchParams(location.search).get("q") || "";
  search().then(function () {
    if (!input.value) { input.focus(); }
  });
})();
