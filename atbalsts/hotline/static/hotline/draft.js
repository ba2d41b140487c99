// The contact form's draft: what the operator typed is kept in this tab's sessionStorage on every
// change and put back when the form opens again (a reload, a crash, a slip of the back button).
// The draft is removed only when the server has confirmed the contact (the saved page carries
// #draft-saved). Fields marked data-no-draft (the caller's number) are never written to it.
// Enter saves from any field but the advice box (Ctrl+Enter saves from there too).
(function () {
  "use strict";
  var saved = document.getElementById("draft-saved");
  if (saved) {
    try { window.sessionStorage.removeItem(saved.getAttribute("data-draft-key")); } catch (e) { /* storage off */ }
  }
  var form = document.getElementById("contact-form");
  if (!form) { return; }
  var key = form.getAttribute("data-draft-key");
  var status = document.getElementById("draft-status");
  var discard = document.getElementById("draft-discard");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && !el.hasAttribute("data-no-draft") &&
        el.type !== "submit" && el.type !== "button" && el.type !== "hidden";
    });
  }

  function collect() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
      } else if (el.type === "radio") {
        if (el.checked) { data[el.name] = el.value; }
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function save() {
    try { window.sessionStorage.setItem(key, JSON.stringify(collect())); } catch (e) { /* storage off */ }
  }

  function restore() {
    var raw = null;
    try { raw = window.sessionStorage.getItem(key); } catch (e) { return false; }
    if (!raw) { return false; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { return false; }
    fields().forEach(function (el) {
      if (!(el.name in data)) { return; }
      var value = data[el.name];
      if (el.type === "checkbox") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else if (el.type === "radio") {
        el.checked = el.value === value;
      } else if (typeof value === "string") {
        el.value = value;
      }
    });
    return true;
  }

  // After the server refused the form, the page already holds what was sent: keep that.
  var refused = document.querySelector(".govuk-error-summary");
  if (refused) {
    save();
  } else if (restore() && status) {
    status.textContent = status.getAttribute("data-restored") || "";
    if (discard) { discard.hidden = false; }
  }
  if (discard) {
    discard.addEventListener("click", function () {
      try { window.sessionStorage.removeItem(key); } catch (e) { /* storage off */ }
      window.location.replace(window.location.pathname);
    });
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) { return; }
    var target = event.target;
    if (target.tagName === "BUTTON" || target.tagName === "A") { return; }
    if (target.tagName === "TEXTAREA" && !(event.ctrlKey || event.metaKey)) { return; }
    event.preventDefault();
    save();
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
}());
