/* mentorhub: what a phone keeps for reading training with no signal.
 *
 * Shared by the pages (offline.js) and the service worker (sw.js, which loads this file
 * with importScripts). Plain JavaScript, no build step, no libraries.
 *
 * - Cache Storage "mh-user-<id>": one trainee's kept pages (My training, their modules,
 *   as their programme shows them). Only ever read for that same person.
 * - IndexedDB "mentorhub-offline": "meta" (who is using the phone now, what each
 *   person keeps, a log-out waiting for a connection) and "queue" (marks made with no
 *   signal, waiting to be sent).
 * - refreshCopy: fetches again the kept pages that changed (used by the pages only).
 */
(function (root) {
  "use strict";

  var DB_NAME = "mentorhub-offline";
  var USER_CACHE = "mh-user-";

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function openDb() {
    var req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = function () {
      var db = req.result;
      db.createObjectStore("meta", { keyPath: "key" });
      db.createObjectStore("queue", { keyPath: "ref", autoIncrement: true });
    };
    return request(req);
  }

  /* Run `work(store)` in one transaction on `name`; resolve with its result once the
     transaction is done. The database is closed after each use, so clearing it (or
     Clear-Site-Data on log-out) is never blocked by an open connection. */
  async function withStore(name, mode, work) {
    var db = await openDb();
    try {
      var tx = db.transaction(name, mode);
      var result = work(tx.objectStore(name));
      var value = result && typeof result.onsuccess !== "undefined" ? request(result) : result;
      await new Promise(function (resolve, reject) {
        tx.oncomplete = resolve;
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
      return value;
    } finally {
      db.close();
    }
  }

  function getMeta(key) {
    return withStore("meta", "readonly", function (s) { return s.get(key); });
  }
  function putMeta(record) {
    return withStore("meta", "readwrite", function (s) { return s.put(record); });
  }
  function deleteMeta(key) {
    return withStore("meta", "readwrite", function (s) { return s.delete(key); });
  }
  function allMeta() {
    return withStore("meta", "readonly", function (s) { return s.getAll(); });
  }
  function allQueued() {
    return withStore("queue", "readonly", function (s) { return s.getAll(); });
  }
  function deleteQueued(refs) {
    return withStore("queue", "readwrite", function (s) {
      refs.forEach(function (ref) { s.delete(ref); });
    });
  }

  async function currentUser() {
    var record = await getMeta("current");
    return record ? String(record.user) : "";
  }

  function userCache(user) { return USER_CACHE + user; }

  /* Forget everything kept for anyone but `user` (a different person logged in on this
     phone), and remember that `user` is the one using it now. */
  async function takeOver(user) {
    user = String(user);
    var names = await caches.keys();
    await Promise.all(names.filter(function (name) {
      return name.indexOf(USER_CACHE) === 0 && name !== userCache(user);
    }).map(function (name) { return caches.delete(name); }));
    var metas = await allMeta();
    await Promise.all(metas.filter(function (m) {
      return m.key.indexOf("user-") === 0 && m.key !== "user-" + user;
    }).map(function (m) { return deleteMeta(m.key); }));
    var queued = await allQueued();
    await deleteQueued(queued.filter(function (q) { return q.user !== user; })
      .map(function (q) { return q.ref; }));
    await putMeta({ key: "current", user: user });
  }

  /* Log-out: every person's kept pages, waiting marks and records go. */
  async function forgetEverything() {
    var names = await caches.keys();
    await Promise.all(names.filter(function (name) { return name.indexOf(USER_CACHE) === 0; })
      .map(function (name) { return caches.delete(name); }));
    await withStore("queue", "readwrite", function (s) { return s.clear(); });
    await withStore("meta", "readwrite", function (s) { return s.clear(); });
  }

  /* Whether this site has kept anything in this browser (so visitors who never keep
     their training get no database written). */
  async function anythingKept() {
    var names = await caches.keys();
    if (names.some(function (name) { return name.indexOf(USER_CACHE) === 0; })) { return true; }
    if (!indexedDB.databases) { return true; } // cannot tell: look inside
    var databases = await indexedDB.databases();
    return databases.some(function (d) { return d.name === DB_NAME; });
  }

  /* What a form posts to, as a mark that can wait: a part done, or a reflection answer. */
  var DONE = /\/training\/([^/]+)\/([^/]+)\/done$/;
  var REFLECTION = /\/training\/([^/]+)\/([^/]+)\/reflections\/([^/]+)$/;

  function markFor(path, fields) {
    var done = DONE.exec(path);
    var base = path.replace(/\/[^/]+\/(done|reflections\/[^/]+)$/, "");
    if (done) {
      return { kind: "done", module: decodeURIComponent(done[1]),
               section: decodeURIComponent(done[2]), page: base };
    }
    var reflection = REFLECTION.exec(path);
    if (reflection) {
      var text = "";
      var score = null;
      fields.forEach(function (pair) {
        if (/-text$/.test(pair[0])) { text = String(pair[1]); }
        if (/-score$/.test(pair[0]) && /^[1-5]$/.test(String(pair[1]))) {
          score = Number(pair[1]);
        }
      });
      return { kind: "reflection", module: decodeURIComponent(reflection[1]),
               section: decodeURIComponent(reflection[2]),
               block: decodeURIComponent(reflection[3]), text: text, score: score, page: base };
    }
    return null;
  }

  /* Keep a mark until it can be sent. Marking a part done twice keeps one; a newer answer
     to the same question replaces the older one. */
  async function enqueue(user, mark) {
    user = String(user);
    var queued = await allQueued();
    var same = queued.filter(function (q) {
      return q.user === user && q.kind === mark.kind && q.module === mark.module &&
        q.section === mark.section && (q.block || "") === (mark.block || "");
    });
    if (mark.kind === "done" && same.length) { return; }
    await deleteQueued(same.map(function (q) { return q.ref; }));
    var item = Object.assign({}, mark, { user: user, made_at: new Date().toISOString() });
    await withStore("queue", "readwrite", function (s) { return s.add(item); });
  }

  async function queuedFor(user) {
    var queued = await allQueued();
    return queued.filter(function (q) { return q.user === String(user); });
  }

  // --- the kept copy, brought up to date (by the pages) ---------------------------------

  async function savePage(cache, url, user) {
    var response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) { throw new Error(url + ": " + response.status); }
    var html = await response.text();
    var owner = /<meta name="mh-user" content="([^"]*)">/.exec(html);
    if (!owner || owner[1] !== user) { throw new Error(url + " is not this person's page"); }
    await cache.put(url, new Response(html, { headers: {
      "Content-Type": "text/html; charset=utf-8", "X-Saved-At": new Date().toISOString()
    } }));
    return new Blob([html]).size;
  }

  async function assetBytes() {
    var total = 0;
    var names = (await caches.keys()).filter(function (n) { return n.indexOf("mh-assets-") === 0; });
    for (var i = 0; i < names.length; i += 1) {
      var cache = await caches.open(names[i]);
      var keys = await cache.keys();
      for (var j = 0; j < keys.length; j += 1) {
        total += (await (await cache.match(keys[j])).blob()).size;
      }
    }
    return total;
  }

  /* Fetch again each kept page of `user` whose text or marks changed (all of them when
     `everything`), and drop what left the training. `list` is /offline/training.json;
     `record` what was kept before; `touched` the modules whose marks were just sent.
     Resolves with the new record and the titles of the modules that changed. */
  async function refreshCopy(user, list, record, touched, everything) {
    var cache = await caches.open(userCache(user));
    var pages = {};
    var changed = [];
    var rebuild = everything || record.build !== list.build;
    var anything = rebuild;
    for (var i = 0; i < list.modules.length; i += 1) {
      var m = list.modules[i];
      var old = record.pages[m.url];
      if (rebuild || !old || old.version !== m.version || old.state !== m.state || touched[m.id]) {
        pages[m.url] = { version: m.version, state: m.state, title: m.title,
                         bytes: await savePage(cache, m.url, user) };
        anything = true;
        if (!everything && (!old || old.version !== m.version)) { changed.push(m.title); }
      } else {
        pages[m.url] = old;
      }
    }
    Object.keys(record.pages).forEach(function (url) {
      if (!(url in pages) && url !== list.home.url) {
        cache.delete(url);
        anything = true;
        if (!everything) { changed.push(record.pages[url].title + " (no longer in your training)"); }
      }
    });
    var home = record.pages[list.home.url];
    pages[list.home.url] = anything || !home || home.state !== list.home.state
      ? { state: list.home.state, title: "My training", bytes: await savePage(cache, list.home.url, user) }
      : home;
    var bytes = Object.keys(pages).reduce(function (sum, url) { return sum + pages[url].bytes; }, 0);
    var next = { key: "user-" + user, pages: pages, build: list.build,
                 checked_at: new Date().toISOString(),
                 saved_at: anything ? new Date().toISOString() : record.saved_at,
                 count: list.modules.length, bytes: bytes + await assetBytes() };
    await putMeta(next);
    return { record: next, changed: changed };
  }

  root.MH = root.MH || {};
  root.MH.store = {
    getMeta: getMeta,
    putMeta: putMeta,
    deleteMeta: deleteMeta,
    currentUser: currentUser,
    userCache: userCache,
    takeOver: takeOver,
    forgetEverything: forgetEverything,
    anythingKept: anythingKept,
    markFor: markFor,
    enqueue: enqueue,
    queuedFor: queuedFor,
    deleteQueued: deleteQueued,
    refreshCopy: refreshCopy
  };
})(self);
