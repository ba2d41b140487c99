// "Leave this site quickly": replace the current history entry with a neutral page, on a click
// of the button or on pressing Escape twice within a second. data-leave-to is the portal's
// address that redirects on to a neutral page on another site; without JavaScript the button is
// an ordinary link to the portal's own neutral page.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) {
    return;
  }
  var target = link.getAttribute("data-leave-to") || link.getAttribute("href");
  var lastEscape = 0;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.body.classList.add("atb-leaving");
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave(event);
    }
    lastEscape = now;
  });
})();
