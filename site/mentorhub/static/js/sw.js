/* mentorhub's service worker: training that still opens with no signal.
 *
 * Served at /sw.js by the app, which puts in front of this file: MH_ASSETS (the
 * stylesheet, scripts, icon and offline page, at their versioned addresses), MH_BUILD
 * (changes with any of them), MH_OFFLINE_PAGE, MH_LOGOUT and MH_STORE_SCRIPT.
 *
 * Pages: from the network when there is one. A page the trainee kept (see offline.js)
 * is then saved again as it is now. With no network, a kept page is shown from the
 * phone, marked with when it was saved; any other page gets the offline page.
 * Forms: a part marked done or an answer saved with no network waits in a queue
 * (offline-store.js); logging out with no network removes everything kept.
 */
/* global MH_ASSETS, MH_BUILD, MH_OFFLINE_PAGE, MH_LOGOUT, MH_STORE_SCRIPT, MH */

importScripts(MH_STORE_SCRIPT);

var ASSET_CACHE = "mh-assets-" + MH_BUILD;
var STATIC_PREFIX = new URL(MH_STORE_SCRIPT, self.location).pathname.replace(/js\/[^/]*$/, "");

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSET_CACHE).then(function (cache) {
    return Promise.all(MH_ASSETS.map(function (url) {
      // No cookies: the offline page is drawn for no one in particular.
      return fetch(url, { credentials: "omit", cache: "no-cache" }).then(function (response) {
        if (!response.ok) { throw new Error("could not fetch " + url); }
        return cache.put(url, response);
      });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("mh-assets-") === 0 && name !== ASSET_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && request.method === "GET") {
    event.respondWith(navigate(event));
  } else if (request.mode === "navigate" && request.method === "POST") {
    event.respondWith(post(request));
  } else if (request.method === "GET" && (url.pathname.indexOf(STATIC_PREFIX) === 0 ||
             MH_ASSETS.indexOf(url.pathname) !== -1)) {
    event.respondWith(asset(request));
  }
});

/* The person a page was drawn for (its <meta name="mh-user">), or null. */
function pageUser(html) {
  var match = /<meta name="mh-user" content="([^"]*)">/.exec(html);
  return match ? match[1] : null;
}

async function kept(path) {
  var user = await MH.store.currentUser();
  if (!user || await MH.store.getMeta("logout-pending")) { return null; }
  var record = await MH.store.getMeta("user-" + user);
  if (!record || !record.pages || !(path in record.pages)) { return null; }
  return { user: user, record: record };
}

async function navigate(event) {
  var request = event.request;
  var response;
  try {
    response = await fetch(request);
  } catch (error) {
    return offlineAnswer(request);
  }
  if (response.status === 200 && !response.redirected &&
      (response.headers.get("Content-Type") || "").indexOf("text/html") === 0) {
    event.waitUntil(saveAgain(new URL(request.url).pathname, response.clone()));
  }
  return response;
}

/* A kept page seen online is kept as it is now (no extra data: it was fetched anyway). */
async function saveAgain(path, response) {
  var owner = await kept(path);
  if (!owner) { return; }
  var html = await response.text();
  if (pageUser(html) !== owner.user) { return; }
  var cache = await caches.open(MH.store.userCache(owner.user));
  await cache.put(path, new Response(html, { headers: {
    "Content-Type": "text/html; charset=utf-8", "X-Saved-At": new Date().toISOString()
  } }));
}

async function offlineAnswer(request) {
  var path = new URL(request.url).pathname;
  var owner = await kept(path);
  if (owner) {
    var cache = await caches.open(MH.store.userCache(owner.user));
    var copy = await cache.match(path, { ignoreSearch: true });
    if (copy) {
      var html = await copy.text();
      // Checked on every use: a copy is only ever shown to the person it was drawn for.
      if (pageUser(html) === owner.user) {
        var saved = copy.headers.get("X-Saved-At") || "";
        return new Response(html.replace(/<html\b/, '<html data-offline-saved="' + saved + '"'),
          { headers: { "Content-Type": "text/html; charset=utf-8" } });
      }
    }
  }
  return offlinePage();
}

async function offlinePage() {
  var page = await caches.match(MH_OFFLINE_PAGE, { cacheName: ASSET_CACHE });
  if (page) { return page; }
  return new Response("<!doctype html><html lang=\"en-GB\"><title>You're offline</title>" +
    "<h1>You're offline</h1><p>This page needs a connection. Try again when you have signal.",
    { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function post(request) {
  var copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    var path = new URL(request.url).pathname;
    if (path === MH_LOGOUT) {
      // Nothing of this person's may stay readable; the server is told when online.
      var user = await MH.store.currentUser();
      await MH.store.forgetEverything();
      await MH.store.putMeta({ key: "logout-pending", user: user });
      return Response.redirect(MH_OFFLINE_PAGE + "?logged-out", 303);
    }
    var current = await MH.store.currentUser();
    var fields = [];
    try {
      (await copy.formData()).forEach(function (value, name) { fields.push([name, value]); });
    } catch (ignored) { /* not a form: nothing to keep */ }
    var mark = MH.store.markFor(path, fields);
    if (current && mark) {
      await MH.store.enqueue(current, mark);
      return Response.redirect(mark.page + "#" + encodeURIComponent(mark.section), 303);
    }
    return offlinePage();
  }
}

/* Static files have versioned addresses: the kept one is the right one. An older page
   asking for an older version gets the current file rather than nothing. */
async function asset(request) {
  var cache = await caches.open(ASSET_CACHE);
  var hit = await cache.match(request);
  if (hit) { return hit; }
  try {
    return await fetch(request);
  } catch (error) {
    hit = await cache.match(request, { ignoreSearch: true });
    if (hit) { return hit; }
    throw error;
  }
}
