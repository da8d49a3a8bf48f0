/* django-modeltranslation's language tabs, made for editors who write Chinese first:
   - each tab and the language switch name its language in that language ("中文", "English")
     instead of a code ("zh-hans", "en");
   - a new inline row opens on the default language (Chinese), not on whatever tab was clicked
     last in another row, so Chinese is never typed into an English field by accident.
   The tabs are built by script, so names are applied at load and whenever the document
   changes; new rows are handled on Django's "formset:added" event. */
(function () {
  "use strict";
  const NAMES = { "zh-hans": "中文", "zh_hans": "中文", en: "English" };

  function nameTabs() {
    for (const link of document.querySelectorAll(".ui-tabs-nav > li > a")) {
      const name = NAMES[link.textContent.trim()];
      if (name) link.textContent = name;
    }
    const select = document.getElementById("modeltranslation-main-switch");
    if (select) {
      for (const option of select.options) {
        const name = NAMES[option.textContent.trim()];
        if (name) option.textContent = name;
      }
    }
  }

  // modeltranslation builds the new row's tabs in its own click handler, then activates the
  // tab chosen last; wait for it, then show the first (default) language in that row.
  document.addEventListener("formset:added", (event) => {
    setTimeout(() => {
      const jq = window.jQuery;
      if (!jq || !jq.fn.tabs) return;
      jq(event.target).find(".ui-tabs").addBack(".ui-tabs").each(function () {
        jq(this).tabs("option", "active", 0);
      });
      nameTabs();
    }, 0);
  });

  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      nameTabs();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameTabs);
  window.addEventListener("load", nameTabs);
})();
