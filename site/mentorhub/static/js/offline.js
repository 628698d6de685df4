/* mentorhub: training with no signal, on the pages. An enhancement only: without it
 * (no JavaScript, an old browser) every page and form works as before.
 *
 * - "Keep my training on this phone" (My training) starts the service worker (sw.js)
 *   and saves My training and each module of the trainee's curriculum, as their
 *   programme shows it, in Cache Storage for that trainee only.
 * - A copy shown with no signal says when it was saved.
 * - "Mark as done" and "Save my answer" with no signal wait on the phone (IndexedDB,
 *   offline-store.js) and are sent when the phone is online again: on the next page
 *   load, or when the browser says it is back online. The trainee sees what waits.
 * - Online, the kept copy is checked against /offline/training.json and what changed
 *   is fetched again; the trainee is told.
 * - A page for someone else (or no one) removes what was kept for anyone else: a
 *   different person on the same phone never sees the previous one's copy.
 */
(function () {
  "use strict";

  var MH = window.MH;
  var script = document.currentScript;
  if (!MH || !MH.store || !script || !("indexedDB" in window) || !("caches" in window)) {
    return;
  }
  var urls = {
    worker: script.getAttribute("data-worker"),
    copy: script.getAttribute("data-copy"),
    marks: script.getAttribute("data-marks"),
    offline: script.getAttribute("data-offline")
  };
  var canKeep = "serviceWorker" in navigator && window.isSecureContext;
  var meta = document.querySelector('meta[name="mh-user"]');
  var pageUser = meta ? meta.getAttribute("content") : null; // null: not known; "": no one
  var savedAt = document.documentElement.getAttribute("data-offline-saved");
  var isCopy = savedAt !== null;
  var main = document.getElementById("main");
  var keepBox = document.querySelector("[data-offline-keep]");
  var syncing = false;
  var CHECK_EVERY_MS = 10 * 60 * 1000;

  // --- words ---------------------------------------------------------------------------

  function when(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return "earlier"; }
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) +
      " at " + date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  function size(bytes) {
    if (bytes < 1024) { return "less than 1 KB"; }
    if (bytes < 1024 * 1024) { return "about " + Math.round(bytes / 1024) + " KB"; }
    return "about " + (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // --- what the page shows -------------------------------------------------------------

  var messages = null;
  function say(text) {
    if (!main) { return; }
    if (!messages) {
      messages = document.createElement("div");
      messages.setAttribute("role", "status");
      messages.className = "offline-messages";
      main.insertBefore(messages, main.firstChild);
    }
    var p = document.createElement("p");
    p.className = "notice notice--info";
    p.textContent = text;
    messages.appendChild(p);
  }

  function status(text) {
    var box = keepBox && keepBox.querySelector("[data-offline-status]");
    if (box) { box.textContent = text; } else if (text) { say(text); }
  }

  function showCopyBanner() {
    var flashes = main && main.querySelector(".flashes");
    if (flashes) { flashes.remove(); } // messages from when the copy was saved, not now
    var banner = document.createElement("p");
    banner.className = "notice notice--info offline-banner";
    banner.textContent = "You're offline: showing the copy saved on " + when(savedAt) + ".";
    if (main) { main.insertBefore(banner, main.firstChild); }
  }

  function sectionOf(mark) {
    if (mark.page !== location.pathname) { return null; }
    return document.getElementById(mark.section);
  }

  function note(parent, className, text) {
    var old = parent.querySelector("[data-offline-note]");
    if (old) { old.remove(); }
    var p = document.createElement("p");
    p.className = className;
    p.setAttribute("data-offline-note", "");
    p.textContent = text;
    parent.appendChild(p);
  }

  function showWaitingMark(mark) {
    var section = sectionOf(mark);
    if (!section) { return; }
    if (mark.kind === "done") {
      var progress = section.querySelector(".section-progress");
      if (!progress) { return; }
      // Its "Mark as done" button goes: the mark is made (the copy comes back on reload).
      Array.prototype.slice.call(progress.children).forEach(function (child) {
        if (!child.hasAttribute("data-offline-note")) { child.remove(); }
      });
      note(progress, "done-note offline-waiting",
        "Marked as done on this phone. It will be sent when you are back online.");
    } else {
      var form = reflectionForm(section, mark);
      if (!form) { return; }
      var box = form.querySelector("textarea");
      if (box && mark.text !== undefined) { box.value = mark.text; }
      Array.prototype.forEach.call(form.querySelectorAll('input[type="radio"]'), function (r) {
        if (/-score$/.test(r.name)) { r.checked = mark.score !== null && r.value === String(mark.score); }
      });
      note(form.querySelector(".reflection-form__actions") || form, "saved-note offline-waiting",
        "Saved on this phone. It will be sent when you are back online.");
    }
  }

  function showSentMark(mark) {
    var section = sectionOf(mark);
    var waiting = section && section.querySelector("[data-offline-note]");
    if (waiting) {
      waiting.textContent = mark.kind === "done" ? "You marked this part as done." : "Saved.";
    }
  }

  function reflectionForm(section, mark) {
    var forms = section.querySelectorAll("form");
    for (var i = 0; i < forms.length; i += 1) {
      var found = MH.store.markFor(new URL(forms[i].action).pathname, []);
      if (found && found.kind === "reflection" && found.block === mark.block) { return forms[i]; }
    }
    return null;
  }

  async function showWaiting() {
    var waiting = await MH.store.queuedFor(pageUser);
    waiting.forEach(showWaitingMark);
    var box = keepBox && keepBox.querySelector("[data-offline-waiting]");
    if (!box) { return; }
    box.hidden = waiting.length === 0;
    box.textContent = waiting.length ? "Waiting to be sent: " + plural(waiting.length, "mark") +
      " (" + waiting.map(function (m) { return m.label || m.section; }).join("; ") +
      "). They will be sent when you are back online." : "";
  }

  // --- marks made with no signal -------------------------------------------------------

  function label(form) {
    var section = form.closest("section");
    var heading = section && section.querySelector("h2");
    var title = document.querySelector("h1");
    var part = heading
      ? heading.textContent.split("Link to this part:")[0].replace(/\s+/g, " ").trim() : "";
    return (title ? title.textContent.trim() + ": " : "") + part;
  }

  async function keepMark(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) { fields.push([name, value]); });
    var mark = MH.store.markFor(new URL(form.action).pathname, fields);
    mark.label = label(form);
    await MH.store.enqueue(pageUser, mark);
    showWaitingMark(mark);
    say(mark.kind === "done"
      ? "You're offline. We have kept your mark on this phone and will send it when you are back online."
      : "You're offline. We have kept your answer on this phone and will send it when you are back online.");
  }

  async function logOutOffline() {
    await MH.store.forgetEverything();
    await MH.store.putMeta({ key: "logout-pending", user: pageUser });
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      location.assign(urls.offline + "?logged-out");
      return;
    }
    var p = document.createElement("p");
    p.className = "lead";
    p.textContent = "You are logged out on this phone. Everything your training saved here " +
      "has been removed. When you are back online, we will finish logging you out.";
    var h1 = document.createElement("h1");
    h1.textContent = "You're offline";
    main.replaceChildren(h1, p);
  }

  function onSubmit(event) {
    var form = event.target;
    if (navigator.onLine || !(form instanceof HTMLFormElement)) { return; }
    var path = new URL(form.action).pathname;
    if (/\/logout$/.test(path)) {
      event.preventDefault();
      logOutOffline();
    } else if (MH.store.markFor(path, [])) {
      event.preventDefault();
      keepMark(form);
    }
  }

  // --- sending and refreshing ----------------------------------------------------------

  async function getCopyList() {
    var response = await fetch(urls.copy, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) { throw new Error("training list: " + response.status); }
    var list = await response.json();
    if (String(list.user) !== pageUser) { throw new Error("someone else is logged in"); }
    return list;
  }

  async function sendMarks(list) {
    var waiting = await MH.store.queuedFor(pageUser);
    var touched = {};
    var saved = 0;
    var gone = 0;
    for (var start = 0; start < waiting.length; start += 50) {
      var batch = waiting.slice(start, start + 50);
      var response = await fetch(urls.marks, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": list.csrf_token },
        body: JSON.stringify({ marks: batch.map(function (m) {
          return { ref: m.ref, kind: m.kind, module: m.module, section: m.section,
                   block: m.block, text: m.text, score: m.score, made_at: m.made_at };
        }) })
      });
      if (!response.ok) { throw new Error("marks: " + response.status); }
      var answers = (await response.json()).answers;
      var done = answers.map(function (a) { return a.ref; });
      await MH.store.deleteQueued(done);
      batch.forEach(function (m) {
        var answer = answers.filter(function (a) { return a.ref === m.ref; })[0];
        if (!answer) { return; }
        touched[m.module] = true;
        if (answer.status === "saved") { saved += 1; showSentMark(m); } else { gone += 1; }
      });
    }
    if (saved || gone) { await showWaiting(); }
    return { touched: touched, saved: saved, gone: gone };
  }

  function sayMarksSent(sent) {
    var text = "";
    if (sent.saved) {
      text += "You're back online. " + plural(sent.saved, "mark") + " you made with no signal " +
        (sent.saved === 1 ? "is" : "are") + " now saved.";
    }
    if (sent.gone) {
      text += " " + plural(sent.gone, "mark") + (sent.gone === 1 ? " was" : " were") +
        " for a part that is not in your training any more, so we did not need " +
        (sent.gone === 1 ? "it." : "them.");
    }
    if (text) { say(text.trim()); }
  }

  async function sync(options) {
    if (syncing || !pageUser) { return; }
    syncing = true;
    try {
      var record = await MH.store.getMeta("user-" + pageUser);
      var waiting = await MH.store.queuedFor(pageUser);
      var due = !record || !record.checked_at ||
        Date.now() - new Date(record.checked_at).getTime() > CHECK_EVERY_MS;
      if (!options.force && !waiting.length && !(record && (due || keepBox))) { return; }
      var list = await getCopyList();
      var sent = waiting.length ? await sendMarks(list) : { touched: {}, saved: 0, gone: 0 };
      // The kept copy is brought up to date before saying so, then the marks are told.
      if (record) {
        var fresh = await MH.store.refreshCopy(pageUser, list, record, sent.touched,
                                               options.everything);
        showKept(fresh.record);
        if (fresh.changed.length) {
          say("Your saved training is up to date. Changed since you saved it: " +
            fresh.changed.join("; ") + ".");
        }
      }
      sayMarksSent(sent);
    } catch (error) {
      if (options.force) { throw error; }
      // No connection, or the server is busy: everything waits for the next try.
    } finally {
      syncing = false;
    }
  }

  // --- "Keep my training on this phone" ------------------------------------------------

  function showKept(record) {
    if (!keepBox) { return; }
    var keep = keepBox.querySelector('[data-offline-action="keep"]');
    var remove = keepBox.querySelector('[data-offline-action="remove"]');
    if (record && record.saved_at) {
      status("Your training is saved on this phone: " + plural(record.count, "module") + ", " +
        size(record.bytes) + ". Saved on " + when(record.saved_at) + ".");
      keep.textContent = "Update the copy on this phone";
      remove.hidden = false;
    } else {
      keep.textContent = "Keep my training on this phone";
      remove.hidden = true;
    }
  }

  async function keep() {
    var button = keepBox.querySelector('[data-offline-action="keep"]');
    button.disabled = true;
    status("Saving your training on this phone…");
    try {
      await navigator.serviceWorker.register(urls.worker);
      await navigator.serviceWorker.ready;
      if (navigator.storage && navigator.storage.persist) {
        navigator.storage.persist().catch(function () {});
      }
      await MH.store.takeOver(pageUser);
      var record = await MH.store.getMeta("user-" + pageUser);
      if (!record) { await MH.store.putMeta({ key: "user-" + pageUser, pages: {} }); }
      await sync({ force: true, everything: true });
    } catch (error) {
      status("We could not save your training just now. Check you have a connection, " +
        "then try again.");
    } finally {
      button.disabled = false;
    }
  }

  async function removeCopy() {
    await caches.delete(MH.store.userCache(pageUser));
    await MH.store.deleteMeta("user-" + pageUser);
    showKept(null);
    status("Your training is no longer saved on this phone.");
    var waiting = await MH.store.queuedFor(pageUser);
    var registration = await navigator.serviceWorker.getRegistration();
    if (registration && !waiting.length) { await registration.unregister(); }
  }

  async function setUpKeepBox() {
    if (!keepBox || !canKeep) { return; }
    var keepButton = keepBox.querySelector('[data-offline-action="keep"]');
    keepBox.hidden = false;
    showKept(await MH.store.getMeta("user-" + pageUser));
    if (isCopy) {
      keepButton.parentElement.hidden = true; // saving needs a connection
      return;
    }
    keepButton.addEventListener("click", keep);
    keepBox.querySelector('[data-offline-action="remove"]').addEventListener("click", removeCopy);
  }

  // --- start ---------------------------------------------------------------------------

  async function start() {
    if (isCopy) { showCopyBanner(); }
    var kept = await MH.store.anythingKept();
    var pending = kept ? await MH.store.getMeta("logout-pending") : null;
    if (pageUser === null) {
      // The offline page, or a page drawn without knowing who is logged in.
      var loggedOut = document.querySelector("[data-offline-logged-out]");
      if (loggedOut && pending) { loggedOut.hidden = false; }
      return;
    }
    if (pageUser === "") {
      if (kept) { await MH.store.forgetEverything(); } // logged out: nothing of anyone's stays
      return;
    }
    if (pending) {
      var logout = document.querySelector('form[action$="/logout"]');
      if (pending.user === pageUser && navigator.onLine && !isCopy && logout) {
        logout.submit(); // logged out with no signal: finish it now
        return;
      }
      await MH.store.deleteMeta("logout-pending");
    }
    document.addEventListener("submit", onSubmit);
    window.addEventListener("online", function () { sync({}); });
    // Nothing kept on this phone: write nothing either, until the trainee asks.
    if (kept) {
      if (!isCopy) { await MH.store.takeOver(pageUser); }
      await showWaiting();
    }
    await setUpKeepBox();
    if (kept && navigator.onLine) { await sync({}); }
  }

  start().catch(function () { /* the page works without any of this */ });
})();
