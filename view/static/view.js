"use strict";
(function () {
  // Cells carry data-src (anchor ids of their source); source elements carry data-cells (cell keys).
  function clear(cls) {
    document.querySelectorAll("." + cls).forEach(function (e) { e.classList.remove(cls); });
  }
  function byAnchor(id) {
    // a PDF line is drawn twice: the box over the page ("<id>r") and the text line ("<id>")
    return [document.getElementById(id), document.getElementById(id + "r")].filter(Boolean);
  }
  function words(s) { return (s || "").split(" ").filter(Boolean); }
  function inspect(cell) {
    var box = document.getElementById("inspect");
    if (!box) { return; }
    // textContent: document text is shown as text, never parsed
    box.textContent = (cell.getAttribute("data-key") || "") + "  " + (cell.getAttribute("title") || "");
    box.classList.toggle("bad", cell.classList.contains("failed"));
  }
  function showCell(cell, cls, scroll) {
    clear(cls);
    cell.classList.add(cls);
    if (scroll) { inspect(cell); }
    var first = null;
    words(cell.getAttribute("data-src")).forEach(function (id) {
      byAnchor(id).forEach(function (el) {
        el.classList.add(cls);
        if (!first && el.getClientRects().length) { first = el; }
      });
    });
    if (scroll && first) { first.scrollIntoView({ block: "center" }); }
  }
  function showSource(src, cls, scroll) {
    clear(cls);
    src.classList.add(cls);
    var first = null;
    words(src.getAttribute("data-cells")).forEach(function (key) {
      var el = document.getElementById("c-" + key);
      if (el) { el.classList.add(cls); first = first || el; }
    });
    if (scroll && first) { first.scrollIntoView({ block: "center" }); }
  }
  function act(target, cls, scroll) {
    var cell = target.closest("[data-src]");
    if (cell) { showCell(cell, cls, scroll); return true; }
    var src = target.closest("[data-cells]");
    if (src) { showSource(src, cls, scroll); return true; }
    return false;
  }
  document.addEventListener("click", function (ev) {
    var toggle = ev.target.closest("button.toggle");
    if (toggle) {
      var row = document.getElementById(toggle.getAttribute("data-target"));
      if (row) { row.hidden = !row.hidden; toggle.textContent = row.hidden ? "\u25b8" : "\u25be"; }
      return;
    }
    if (ev.target.closest("#show-all-checks")) {
      document.querySelector("ul.checks").classList.toggle("all");
      return;
    }
    act(ev.target, "hl", true);
  });
  document.addEventListener("mouseover", function (ev) {
    if (!act(ev.target, "hover", false)) { clear("hover"); }
  });
  var form = document.getElementById("upload");
  var input = document.getElementById("file");
  var drop = document.getElementById("drop");
  if (form && input) {
    input.addEventListener("change", function () { if (input.files.length) { form.submit(); } });
  }
  if (drop && input && form) {
    ["dragenter", "dragover"].forEach(function (t) {
      document.addEventListener(t, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
    });
    document.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    document.addEventListener("drop", function (ev) {
      ev.preventDefault();
      drop.classList.remove("over");
      if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; form.submit(); }
    });
  }
})();
