/* "Copy" beside a read-only field: progressive enhancement. The button is hidden in the
   HTML and shown only where the browser offers the clipboard; the field itself can
   always be selected and copied by hand. */
(function () {
  "use strict";
  if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = "Copied. You can paste it into a message now."; },
        function () {
          field.select();
          status.textContent = "Copying did not work here: the link is selected, copy it by hand.";
        }
      );
    });
  });
  // Tapping the field selects the whole link, ready to copy by hand.
  document.querySelectorAll(".copy__field").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();
