/* My programme: a visitor stars talks; the browser remembers them (localStorage, one list per
   event) and every "My programme" link carries them in its address (?talks=12,40), so the page
   works on another device and without this script. Without JavaScript there are no stars and
   nothing else changes. Loaded from our own static files: the content security policy allows no
   inline script. */
(function () {
  "use strict";

  var root = document.querySelector("[data-agenda-event]");
  if (!root) {
    return;
  }
  var storageKey = "summit-agenda:" + root.getAttribute("data-agenda-event");
  var baseUrl = root.getAttribute("data-my-programme-url");

  function isTalkNumber(value) {
    return /^[0-9]{1,12}$/.test(String(value));
  }

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
      return Array.isArray(stored) ? stored.map(String).filter(isTalkNumber) : [];
    } catch (error) {
      return []; // storage blocked or a value we did not write: start empty
    }
  }

  function save(numbers) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(numbers));
    } catch (error) {
      /* private browsing may refuse storage; the links still carry the choice */
    }
  }

  var chosen = load();

  function addressOf(numbers) {
    return numbers.length ? baseUrl + "?talks=" + numbers.join(",") : baseUrl;
  }

  function titleOf(item) {
    var link = item.querySelector("a, h1, h3");
    return link ? link.textContent.trim() : "";
  }

  function refresh() {
    var buttons = document.querySelectorAll("button.star");
    for (var i = 0; i < buttons.length; i += 1) {
      var button = buttons[i];
      var on = chosen.indexOf(button.getAttribute("data-talk")) !== -1;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "★" : "☆";
      button.title = root.getAttribute(on ? "data-unstar-label" : "data-star-label");
    }
    var links = document.querySelectorAll("a[data-my-programme]");
    for (var j = 0; j < links.length; j += 1) {
      links[j].href = addressOf(chosen);
      if (chosen.length) {
        links[j].textContent = root
          .getAttribute("data-count-label")
          .replace("%(count)s", String(chosen.length));
      }
    }
  }

  // One star per talk: items carry data-talk="<number>"; the button names the talk it stars.
  var items = document.querySelectorAll("[data-talk]");
  for (var k = 0; k < items.length; k += 1) {
    var number = items[k].getAttribute("data-talk");
    if (!isTalkNumber(number)) {
      continue;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "star";
    button.setAttribute("data-talk", number);
    button.setAttribute(
      "aria-label",
      root.getAttribute("data-star-label") + ": " + titleOf(items[k])
    );
    items[k].insertBefore(button, items[k].firstChild);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.star") : null;
    if (button) {
      var talk = button.getAttribute("data-talk");
      var at = chosen.indexOf(talk);
      if (at === -1) {
        chosen.push(talk);
      } else {
        chosen.splice(at, 1);
      }
      save(chosen);
      refresh();
      return;
    }
    var keep = event.target.closest ? event.target.closest("button[data-keep-agenda]") : null;
    if (keep) {
      chosen = keep.getAttribute("data-keep-agenda").split(",").filter(isTalkNumber);
      save(chosen);
      keep.parentNode.hidden = true;
      refresh();
    }
  });

  // On My programme itself: an address without a choice shows this browser's choice; an address
  // carrying another choice (sent from another device) can be kept here.
  var page = document.querySelector("[data-agenda-page]");
  if (page) {
    var shown = page.getAttribute("data-agenda-page");
    if (!shown && chosen.length) {
      window.location.replace(addressOf(chosen));
      return;
    }
    var offer = document.querySelector("[data-keep-offer]");
    if (offer && shown && shown !== chosen.join(",")) {
      offer.hidden = false;
    }
  }
  refresh();
})();
