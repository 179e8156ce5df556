// Keeps a copy of the post being written (title, excerpt, body) in this browser, so nothing typed is
// lost when a save fails: a server error, a lost connection, an expired session (the login page comes
// in between), a CSRF refusal, an edit conflict. Opened again, the form offers the copy back.
//
// Each opening of a post's form writes its own copy, under "kb.post-draft.<post id or new>.<opening>",
// with the revision the form was opened at. A copy is removed only when the editor discards it or when
// the server confirms that the save which sent it succeeded: posts/admin.py then redirects to a URL
// ending in "#saved-draft=<token>". Nothing else (an error page, no answer at all, the login or CSRF
// page, the conflict page) can remove it, because none of them carries that token.
(function () {
  "use strict";
  var PREFIX = "kb.post-draft.";
  var FIELDS = ["title", "excerpt", "body"];
  var QUIET_MS = 400; // written once typing pauses, not on every keystroke
  var CONFIRMED = /^#saved-draft=([0-9a-f]+)$/;

  // localStorage can be missing, full or refused (private windows, quotas): the editor must keep
  // working without it, so every access is allowed to fail.
  function storedKeys(prefix) {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) { found.push(key); }
      }
    } catch (e) { /* no storage: nothing kept */ }
    return found;
  }
  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
  }
  function write(key, copy) {
    try { window.localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* keep editing */ }
  }
  function remove(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing to remove */ }
  }

  // Removes a copy and, for an existing post, the older copies of it, which it supersedes. Copies
  // from other add forms are other posts, and a later copy (from another tab) is still unsaved.
  function forget(copy) {
    storedKeys(PREFIX + copy.post + ".").forEach(function (key) {
      var other = read(key);
      var superseded = copy.post !== "new" && other && other.savedAt <= copy.savedAt;
      if (key === copy.key || superseded) { remove(key); }
    });
  }

  function forgetConfirmedSave() {
    var match = CONFIRMED.exec(window.location.hash);
    if (!match) { return; }
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    storedKeys(PREFIX).map(read).forEach(function (copy) {
      if (copy && copy.token === match[1]) { forget(copy); }
    });
  }

  // The post's id from the admin's URL (…/<id>/change/), or "new" on the add form.
  function postOf(path) {
    var change = /\/([^/]+)\/change\/$/.exec(path);
    if (change) { return change[1]; }
    return /\/add\/$/.test(path) ? "new" : null;
  }

  function valuesOf(form) {
    var values = {};
    FIELDS.forEach(function (name) { values[name] = form.elements[name].value; });
    return values;
  }

  // The server trims fields and the browser sends line breaks as CRLF: neither is a difference the
  // editor made, so neither should trigger an offer.
  function differs(copy, values) {
    return FIELDS.some(function (name) {
      var normal = function (text) { return String(text || "").replace(/\r\n?/g, "\n").trim(); };
      return normal(copy[name]) !== normal(values[name]);
    });
  }

  function newestCopy(post) {
    return storedKeys(PREFIX + post + ".").map(read).filter(Boolean).sort(function (a, b) {
      return b.savedAt - a.savedAt;
    })[0] || null;
  }

  function randomHex(bytes) {
    var values = window.crypto.getRandomValues(new Uint8Array(bytes));
    return Array.prototype.map.call(values, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  // "at 14:02" in the editor's own time, with the date when the copy is not from today.
  function describeTime(savedAt) {
    var when = new Date(savedAt);
    var time = "at " + pad(when.getHours()) + ":" + pad(when.getMinutes());
    if (when.toDateString() === new Date().toDateString()) { return time; }
    return "on " + when.toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" }) +
      " " + time;
  }

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function offer(form, copy, saveCopy) {
    // The admin's own message styles; the region is a live one so screen readers read the offer.
    var notice = document.createElement("div");
    notice.className = "draft-notice";
    notice.setAttribute("role", "status");
    form.parentNode.insertBefore(notice, form);

    function close() {
      notice.remove();
      form.elements.title.focus(); // focus was on the button that just went away
    }
    var list = document.createElement("ul");
    list.className = "messagelist";
    var item = document.createElement("li");
    item.className = "warning";
    item.append(
      "Restore the text you were writing " + describeTime(copy.savedAt) + "? It was kept in this " +
        "browser but not saved. ",
      button("Restore", function () {
        FIELDS.forEach(function (name) {
          var field = form.elements[name];
          field.value = copy[name];
          // As if typed: the preview, the slug and the leave-page guard all follow input events.
          field.dispatchEvent(new Event("input", { bubbles: true }));
          field.dispatchEvent(new Event("change", { bubbles: true }));
        });
        // The text was written against the revision it was opened at; saving it must meet the edit
        // conflict check against that revision, not silently replace what others saved since.
        if (copy.revision) { form.elements.opened_revision.value = copy.revision; }
        // The text is this form's copy now; the old one goes, or a new post's copy would outlive
        // the save that stored it.
        saveCopy();
        remove(copy.key);
        close();
      }),
      " ",
      button("Discard", function () {
        forget(copy);
        close();
      })
    );
    list.append(item);
    // Screen readers announce what changes inside a live region already on the page, not a region
    // inserted together with its text: hence the text goes in a moment later.
    window.setTimeout(function () { notice.append(list); }, 100);
  }

  function keepCopies(form, post) {
    var key = PREFIX + post + "." + Date.now().toString(36) + randomHex(4);
    var timer = null;

    function save(token) {
      window.clearTimeout(timer);
      timer = null;
      var copy = valuesOf(form);
      copy.key = key;
      copy.post = post;
      copy.revision = form.elements.opened_revision ? form.elements.opened_revision.value : "";
      copy.savedAt = Date.now();
      copy.token = token || null;
      write(key, copy);
    }

    form.addEventListener("input", function (event) {
      if (FIELDS.indexOf(event.target.name) === -1) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(save, QUIET_MS);
    });
    // The text about to be sent is written with a token the server hands back only on success.
    form.addEventListener("submit", function () {
      var token = randomHex(16);
      var field = form.elements._draft_token;
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "_draft_token";
        form.append(field);
      }
      field.value = token;
      save(token);
    });
    // Closing the tab within the quiet pause must not lose the last words.
    window.addEventListener("pagehide", function () { if (timer !== null) { save(); } });
    return save;
  }

  document.addEventListener("DOMContentLoaded", function () {
    forgetConfirmedSave();
    var form = document.getElementById("post_form");
    var post = postOf(window.location.pathname);
    var editable = form && FIELDS.every(function (name) {
      return form.elements[name] && !form.elements[name].readOnly;
    });
    if (!post || !editable) { return; }
    var copy = newestCopy(post);
    var saveCopy = keepCopies(form, post);
    // A form that shows the copy's text already (the conflict page, say) needs no offer; the copy
    // stays until a save succeeds.
    if (copy && differs(copy, valuesOf(form))) { offer(form, copy, saveCopy); }
  });
})();
