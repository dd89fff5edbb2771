/* nianjian search. The index sits beside the search page (ix/) as plain
   script files that call nianjianSearch.meta/shard/doc; they are loaded with
   <script src>, never fetched, so search works from file:// and under any
   path. Formats and rules: docs/search.md (src/search/query.rs answers
   queries the same way, for the tests). No dependencies, no inline code. */
(function () {
  "use strict";
  var store = { meta: null, shards: {}, blocks: {} };
  var api = {
    meta: function (m) { store.meta = m; },
    shard: function (n, data) { store.shards[n] = data; },
    docs: function (n, list) { store.blocks[n] = list; }
  };
  window.nianjianSearch = api;

  var list = document.getElementById("search-results");
  if (!list) return;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var data = list.dataset;
  var PAGE = 10;
  var CJK = 1, WORD = 2, SEP = 0;
  var wordRe = /[\p{Alphabetic}\p{N}]/u, markRe = /\p{M}/gu;
  var loading = {}, fold = new Map(), groups = new Map(), cjk = [];

  function load(path, get) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = data.index + path + "?v=" + data.version;
        s.onload = function () { resolve(get()); };
        s.onerror = function () { delete loading[path]; reject(new Error(path)); };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }

  /* The page embeds ix/meta.js's data, which saves a file load. */
  function meta() {
    if (!loading.meta) {
      var embedded = document.getElementById("search-meta");
      loading.meta = embedded
        ? Promise.resolve(setup(JSON.parse(embedded.textContent)))
        : load("meta.js", function () { return setup(store.meta); });
    }
    return loading.meta;
  }
  function setup(m) {
    store.meta = m;
    var t = m.table, p = Array.from(t.fold);
    for (var i = 0; i + 1 < p.length; i += 2) fold.set(p[i], p[i + 1]);
    Object.keys(t.foldx).forEach(function (k) { fold.set(k, t.foldx[k]); });
    t.groups.forEach(function (g) {
        var v = Array.from(g[0]), l = groups.get(v[0]) || [];
      l.push([v, Array.from(g[1])]);
      groups.set(v[0], l);
    });
    groups.forEach(function (l) { l.sort(function (a, b) { return b[0].length - a[0].length; }); });
    cjk = m.cjk;
    return m;
  }

  // ---- folding: the same rules as src/search/fold.rs -------------------
  function foldChar(c) {
    var f = fold.get(c), u = c.codePointAt(0);
    if (f !== undefined) return f;
    if (u >= 0xAC00 && u <= 0xD7A3) return c;
    return c.normalize("NFKD").replace(markRe, "").toLowerCase();
  }
  function classOf(c) {
    var u = c.codePointAt(0);
    for (var i = 0; i < cjk.length; i++) if (u >= cjk[i][0] && u <= cjk[i][1]) return CJK;
    return wordRe.test(c) ? WORD : SEP;
  }
  /* Folded characters of a text, each with the span of source characters
     it came from; with groups, variants replaced by their canonical form. */
  function folded(text, withGroups) {
    var src = Array.from(text), chars = [], from = [];
    src.forEach(function (c, i) {
      Array.from(foldChar(c)).forEach(function (f) { chars.push(f); from.push([i, i + 1]); });
    });
    if (!withGroups) return { chars: chars, from: from, src: src };
    var out = [], span = [], i = 0;
    while (i < chars.length) {
      var hit = null;
      (groups.get(chars[i]) || []).some(function (g) {
        var v = g[0];
        if (v.every(function (c, k) { return chars[i + k] === c; }) && whole(chars, i, i + v.length)) hit = g;
        return hit !== null;
      });
      if (hit) {
        var s = [from[i][0], from[i + hit[0].length - 1][1]];
        hit[1].forEach(function (c) { out.push(c); span.push(s); });
        i += hit[0].length;
      } else {
        out.push(chars[i]); span.push(from[i]); i++;
      }
    }
    return { chars: out, from: span, src: src };
  }
  function whole(chars, start, end) {
    var w = function (c) { return c !== undefined && classOf(c) === WORD; };
    return !(w(chars[start]) && w(chars[start - 1])) && !(w(chars[end - 1]) && w(chars[end]));
  }
  function terms(q) {
    var c = folded(q, true).chars, out = [], i = 0;
    while (i < c.length) {
      var k = classOf(c[i]), j = i;
      while (j < c.length && classOf(c[j]) === k) j++;
      if (k !== SEP) out.push({ cjk: k === CJK, chars: c.slice(i, j), text: c.slice(i, j).join("") });
      i = j;
    }
    return out;
  }

  // ---- the index -----------------------------------------------------
  function fnv(s) {
    var b = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h;
  }
  function shardOf(token) {
    var m = store.meta, c = Array.from(token);
    var key = classOf(c[0]) === CJK ? token : c.slice(0, m.key).join("");
    var n = fnv(key) % m.shards;
    return load("s/" + n + ".js", function () { return store.shards[n]; });
  }
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  /* Postings: per document, the increase of its number, the field mask,
     then for a bigram its positions (count, increases), else a count. */
  function decode(s, bigram) {
    var out = new Map(), i = 0, doc = 0;
    function num() {
      var n = 0, shift = 0, d;
      do {
        d = Math.max(0, B64.indexOf(s[i++]));
        n += (d & 31) * Math.pow(2, shift);
        shift += 5;
      } while ((d & 32) && i < s.length);
      return n;
    }
    while (i < s.length) {
      doc += num();
      var p = { mask: num(), count: num(), pos: [] };
      if (bigram) for (var k = 0, at = 0; k < p.count; k++) { at += num(); p.pos.push(at); }
      out.set(doc, p);
    }
    return out;
  }
  async function postings(token, bigram) {
    var shard = await shardOf(token);
    return shard[token] ? decode(shard[token], bigram) : new Map();
  }
  async function cjkRun(t) {
    var c = t.chars, out = new Map();
    if (c.length === 1) {
      (await postings(t.text, false)).forEach(function (p, d) { out.set(d, { mask: p.mask, count: p.count, exact: true }); });
      return out;
    }
    // Bigrams at even offsets, and the last: together they cover the run.
    var offsets = [];
    for (var o = 0; o < c.length - 1; o += 2) offsets.push(o);
    if (offsets[offsets.length - 1] !== c.length - 2) offsets.push(c.length - 2);
    var lists = await Promise.all(offsets.map(function (o) { return postings(c[o] + c[o + 1], true); }));
    lists[0].forEach(function (first, doc) {
      var mask = first.mask, count = 0;
      first.pos.forEach(function (p) {
        if (lists.every(function (l, k) { var x = l.get(doc); return x && x.pos.indexOf(p + offsets[k]) >= 0; })) count++;
      });
      lists.forEach(function (l) { var x = l.get(doc); mask &= x ? x.mask : 0; });
      if (count) out.set(doc, { mask: mask, count: count, exact: true });
    });
    return out;
  }
  async function word(t) {
    var shard = await shardOf(t.text), out = new Map();
    Object.keys(shard).forEach(function (token) {
      if (token.indexOf(t.text) !== 0 || classOf(token) === CJK) return;
      decode(shard[token], false).forEach(function (p, d) {
        var m = out.get(d) || { mask: 0, count: 0, exact: false };
        m.mask |= p.mask; m.count += p.count; m.exact = m.exact || token === t.text;
        out.set(d, m);
      });
    });
    return out;
  }
  function score(m, weights) {
    var best = 0;
    weights.forEach(function (w, f) { if (m.mask & (1 << f)) best = Math.max(best, w); });
    return (m.exact ? best * 2 : best) + Math.min(m.count, 10);
  }
  async function find(ts) {
    var m = await meta(), total = null;
    var found = await Promise.all(ts.map(function (t) { return t.cjk ? cjkRun(t) : word(t); }));
    found.forEach(function (matches) {
      var next = new Map();
      matches.forEach(function (x, d) {
        var s = score(x, m.weights);
        if (total === null) next.set(d, s);
        else if (total.has(d)) next.set(d, total.get(d) + s);
      });
      total = next;
    });
    var hits = [];
    (total || new Map()).forEach(function (s, d) { hits.push({ doc: d, score: s }); });
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return hits;
  }

  // ---- showing results -------------------------------------------------
  /* Source-character ranges of a text where a query term occurs: in the
     folded text, and in the folded text with variants as canonical forms. */
  function ranges(text, ts) {
    var out = [];
    [folded(text, false), folded(text, true)].forEach(function (f) {
      ts.forEach(function (t) {
        for (var i = 0; i + t.chars.length <= f.chars.length; i++) {
          if (!t.cjk && i > 0 && classOf(f.chars[i - 1]) === WORD) continue;
          if (t.chars.every(function (c, k) { return f.chars[i + k] === c; })) {
            out.push([f.from[i][0], f.from[i + t.chars.length - 1][1]]);
          }
        }
      });
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    return out.reduce(function (m, r) {
      var last = m[m.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else m.push(r.slice());
      return m;
    }, []);
  }
  function marked(el, src, marks, from, to) {
    var at = from;
    marks.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (a >= b) return;
      el.append(src.slice(at, a).join(""));
      var m = document.createElement("mark");
      m.textContent = src.slice(a, b).join("");
      el.append(m);
      at = b;
    });
    el.append(src.slice(at, to).join(""));
  }
  var SNIPPET_ORDER = [4, 3, 1, 2, 5, 6];
  function item(doc, ts) {
    var li = document.createElement("li"), a = document.createElement("a");
    var name = doc.f[0], kind = document.createElement("span");
    a.href = data.root + doc.u;
    if (name[2]) a.lang = name[2];
    marked(a, Array.from(name[1]), ranges(name[1], ts), 0, Array.from(name[1]).length);
    kind.className = "kind";
    kind.textContent = store.meta.kinds[doc.k];
    li.append(a, " ", kind);
    var best = null;
    SNIPPET_ORDER.some(function (code) {
      return doc.f.some(function (f) {
        if (f[0] !== code) return false;
        var r = ranges(f[1], ts);
        if (r.length) best = { f: f, r: r };
        return r.length > 0;
      });
    });
    if (!best) {
      var body = doc.f.filter(function (f) { return f[0] === 4; })[0];
      if (body) best = { f: body, r: [] };
    }
    if (best) {
      var src = Array.from(best.f[1]), p = document.createElement("p");
      var from = Math.max(0, (best.r.length ? best.r[0][0] : 0) - 30), to = Math.min(src.length, from + 100);
      p.className = "snippet";
      if (best.f[2]) p.lang = best.f[2];
      if (from > 0) p.append("…");
      marked(p, src, best.r, from, to);
      if (to < src.length) p.append("…");
      li.append(p);
    }
    return li;
  }
  function say(key, n, q) {
    status.textContent = (data[key] || "").replace("{n}", n).replace("{q}", q);
  }

  /* A document's record, from the block of consecutive documents holding it. */
  function doc(h) {
    var starts = store.meta.blocks, lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= h.doc) lo = mid; else hi = mid - 1;
    }
    return load("d/" + lo + ".js", function () { return store.blocks[lo]; }).then(function (list) {
      return list[h.doc - starts[lo]];
    });
  }

  var current = { hits: [], shown: 0, ts: [], q: "" };
  async function showMore() {
    var c = current, next = c.hits.slice(c.shown, c.shown + PAGE);
    var docs = await Promise.all(next.map(doc));
    if (c !== current) return;
    docs.forEach(function (d) { list.append(item(d, c.ts)); });
    c.shown += next.length;
    more.hidden = c.shown >= c.hits.length;
  }
  async function run(q) {
    var t0 = performance.now();
    q = q.trim();
    current = { hits: [], shown: 0, ts: [], q: q };
    var mine = current;
    list.replaceChildren();
    more.hidden = true;
    editionLinks(q);
    if (!q) { status.textContent = ""; return { count: 0, ms: 0 }; }
    say("loading", 0, q);
    var t1, t2;
    try {
      await meta();
      t1 = performance.now();
      mine.ts = terms(q);
      mine.hits = mine.ts.length ? await find(mine.ts) : [];
      t2 = performance.now();
      if (mine !== current) return { count: -1, ms: 0 };
      await showMore();
    } catch (e) {
      say("error", 0, q);
      return { count: -1, ms: 0, error: String(e) };
    }
    var n = mine.hits.length;
    say(n === 0 ? "none" : n === 1 ? "foundOne" : "found", n, q);
    // Phases for benchmarks: index metadata, lookup, showing the first page.
    return { count: n, ms: performance.now() - t0, meta: t1 - t0, find: t2 - t1 };
  }
  api.run = run;

  /* The other editions' search pages open with the same query. */
  function editionLinks(q) {
    document.querySelectorAll("nav.editions a[hreflang]").forEach(function (a) {
      var u = a.getAttribute("href").split("?")[0];
      a.setAttribute("href", q ? u + "?q=" + encodeURIComponent(q) : u);
    });
  }

  var timer = 0;
  function submit(q) {
    try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (e) { /* some file:// setups refuse */ }
    run(q);
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); submit(input.value); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { submit(input.value); }, 250);
  });
  more.addEventListener("click", function () { showMore(); });
  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  api.ready = run(q);
})();
