/* Accessible names and tab semantics for third-party admin widgets that lack them: Django's
   vendored Select2, its split date/time widget and tabular inlines, and django-modeltranslation's
   jQuery UI tabs and language switch (see tests/browser/test_accessibility.py). These widgets
   are built or rebuilt by script (Select2, inline rows, tabs), so the fixes are applied at load
   and again whenever the document changes. Every fix is idempotent: it only writes an attribute
   whose value differs, so the observer does not feed itself. Translated words come from the
   script tag's data-* attributes (admin/base_site.html); the CSP allows no inline script. */
(function () {
  "use strict";
  const words = document.currentScript.dataset;

  function set(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function unset(element, ...names) {
    for (const name of names) if (element.hasAttribute(name)) element.removeAttribute(name);
  }

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim().replace(/[:：]$/, "") : "";
  }

  // The <label> of a form field, given an id for aria-labelledby when it has none.
  function labelFor(field) {
    const label = field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    if (label && !label.id) label.id = `${field.id}-label`;
    return label;
  }

  // Select2 names its combobox only by the current choice (none when empty), and its search box
  // not at all: name both after the original <select>'s label.
  function select2Field(element) {
    const container = element.closest(".select2-container");
    const previous = container && container.previousElementSibling;
    if (previous && previous.tagName === "SELECT") return previous;
    // A single select's search box sits in a dropdown appended to <body>; its results list
    // (aria-controls) is named after the select's id.
    const results = (element.getAttribute("aria-controls") || "").match(/^select2-(.+)-results$/);
    return results ? document.getElementById(results[1]) : null;
  }

  function nameSelect2() {
    for (const combobox of document.querySelectorAll(".select2-selection[role=combobox]")) {
      const field = select2Field(combobox);
      const label = field && (labelFor(field) || columnHeader(field));
      if (!label) continue;
      if (!label.id) label.id = `${field.id}-label`;
      const rendered = combobox.querySelector(".select2-selection__rendered[id]");
      set(combobox, "aria-labelledby", rendered ? `${label.id} ${rendered.id}` : label.id);
      if (rendered && rendered.getAttribute("role") === "textbox") {
        set(rendered, "aria-labelledby", label.id);
      }
    }
    for (const search of document.querySelectorAll(".select2-search__field")) {
      const field = select2Field(search);
      const label = field && (labelFor(field) || columnHeader(field));
      set(search, "aria-label", label ? `${text(label)}: ${words.search}` : words.search);
    }
  }

  // Django's split date/time widget prints "Date:" and "Time:" as bare text before its two
  // inputs and gives the field's <label> no `for`: name each input "<field label>: <prefix>".
  function nameSplitDateTime() {
    for (const input of document.querySelectorAll("p.datetime > input:not([type=hidden])")) {
      const row = input.closest(".flex-container, .form-row");
      const label = row && row.querySelector("label");
      let prefix = input.previousSibling;
      while (prefix && prefix.nodeType !== Node.TEXT_NODE) prefix = prefix.previousSibling;
      const parts = [text(label), prefix ? text(prefix) : ""].filter(Boolean);
      if (parts.length) set(input, "aria-label", parts.join(": "));
    }
  }

  // A tabular inline labels its inputs only by the column header above them.
  function columnHeader(field) {
    const cell = field.closest("td");
    const table = cell && cell.closest("table");
    if (!table || !table.tHead) return null;
    const name = [...cell.classList].find((c) => c.startsWith("field-"));
    const header = name && table.tHead.querySelector(`th.column-${CSS.escape(name.slice(6))}`);
    return header || table.tHead.rows[0].cells[cell.cellIndex] || null;
  }

  function nameTabularInputs() {
    const fields = ".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea";
    for (const field of document.querySelectorAll(fields)) {
      if (field.classList.contains("select2-hidden-accessible")) continue; // Select2: above
      if (field.closest(".select2-container") || labelFor(field)) continue;
      const header = columnHeader(field);
      // textContent, not the header's accessible name: that would add its help icon's alt text.
      if (header && text(header)) set(field, "aria-label", text(header));
    }
  }

  // jQuery UI gives role=tab to each <li> and leaves the link inside it focusable, an
  // interactive element within another. Move the tab role and state to the link and make the
  // <li> presentational; jQuery UI keeps writing state to the <li>, so mirror it on every change.
  function fixTabs() {
    for (const item of document.querySelectorAll(".ui-tabs-nav > li")) {
      const link = item.querySelector(":scope > a");
      if (!link || !item.hasAttribute("aria-selected")) continue;
      const selected = item.getAttribute("aria-selected");
      set(link, "role", "tab");
      set(link, "aria-selected", selected);
      if (item.hasAttribute("aria-controls")) {
        set(link, "aria-controls", item.getAttribute("aria-controls"));
      }
      set(link, "tabindex", selected === "true" ? "0" : "-1");
      set(item, "role", "presentation");
      unset(item, "aria-selected", "aria-expanded", "aria-controls", "aria-labelledby", "tabindex");
      // jQuery UI moves focus to the new <li> on arrow keys; it cannot take focus now, so
      // keep the keyboard user on the tab they moved to.
      if (selected === "true" && item.parentElement.contains(document.activeElement)) {
        if (document.activeElement !== link) link.focus();
      }
    }
  }

  // jQuery UI finds a tab's panel through the <li>'s aria-controls, which now sits on the link.
  const jq = window.jQuery;
  if (jq && jq.ui && jq.ui.tabs) {
    const panelFor = jq.ui.tabs.prototype._getPanelForTab;
    jq.ui.tabs.prototype._getPanelForTab = function (tab) {
      const link = jq(tab).find(".ui-tabs-anchor");
      if (jq(tab).attr("aria-controls") || !link.attr("aria-controls")) {
        return panelFor.call(this, tab);
      }
      return this.element.find(`#${CSS.escape(link.attr("aria-controls"))}`);
    };
  }

  function nameLanguageSwitch() {
    const select = document.getElementById("modeltranslation-main-switch");
    if (select) set(select, "aria-label", words.languageSwitch);
  }

  function fixAll() {
    nameSelect2();
    nameSplitDateTime();
    nameTabularInputs();
    fixTabs();
    nameLanguageSwitch();
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      fixAll();
    });
  }

  fixAll();
  document.addEventListener("DOMContentLoaded", fixAll);
  window.addEventListener("load", fixAll);
  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["role", "aria-selected", "aria-controls", "tabindex"],
  });
})();
