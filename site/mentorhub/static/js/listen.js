/* "Listen" on each part of a module: the browser's own speech reads the part aloud.
   Progressive enhancement: the buttons are hidden in the HTML and shown here only where
   the browser can speak. Nothing is sent anywhere; no other script is needed. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var buttons = document.querySelectorAll("button[data-listen]");
  var speaking = null; // the button of the part being read

  // What a listener should hear: the part's title and its text, without the answer
  // boxes, buttons or words only a screen reader needs.
  var SKIP = "form, button, .visually-hidden, .reflection-hint, .anchor, .module-section__number";
  var READ = "h2, h3, h4, p, li, dt, dd, th, td, blockquote, pre";

  function chunks(section) {
    var out = [];
    var title = section.querySelector("h2");
    if (title) {
      out.push(clean(title));
    }
    var body = section.querySelector("[data-listen-text]");
    if (!body) {
      return out;
    }
    var copy = body.cloneNode(true);
    copy.querySelectorAll(SKIP).forEach(function (el) { el.remove(); });
    copy.querySelectorAll(READ).forEach(function (el) {
      if (!el.parentElement.closest(READ)) {
        var text = clean(el);
        if (text) {
          out.push(text);
        }
      }
    });
    return out;
  }

  function clean(el) {
    var copy = el.cloneNode(true);
    copy.querySelectorAll(SKIP).forEach(function (x) { x.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // The words change ("Listen to ..." / "Stop reading ..."), so no aria-pressed as well.
  function show(button, reading) {
    button.querySelector(".listen__text").textContent = reading ? "Stop" : "Listen";
    button.querySelector(".listen__more").textContent = reading ? " reading" : " to";
    button.classList.toggle("listen--on", reading);
  }

  function stop() {
    if (speaking) {
      show(speaking, false);
      speaking = null;
    }
    synth.cancel();
  }

  function read(button) {
    var section = document.getElementById(button.getAttribute("data-listen"));
    var parts = section ? chunks(section) : [];
    if (!parts.length) {
      return;
    }
    stop();
    speaking = button;
    show(button, true);
    // One utterance per paragraph: long ones are cut short by some browsers.
    parts.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en-GB";
      utterance.rate = 0.95;
      if (index === parts.length - 1) {
        utterance.onend = function () {
          if (speaking === button) {
            show(button, false);
            speaking = null;
          }
        };
      }
      synth.speak(utterance);
    });
  }

  buttons.forEach(function (button) {
    button.hidden = false;
    show(button, false);
    button.addEventListener("click", function () {
      if (speaking === button) {
        stop();
      } else {
        read(button);
      }
    });
  });
  window.addEventListener("pagehide", stop);
})();
