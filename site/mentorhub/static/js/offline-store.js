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
    deleteQueued: deleteQueued
  };
})(self);
