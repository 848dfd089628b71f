// Small page helpers: language select that submits itself, copy buttons, confirmations.
(function () {
  "use strict";

  document.addEventListener("change", (event) => {
    const select = event.target.closest("[data-autosubmit]");
    if (select) select.form.requestSubmit();
  });

  // The name to use in the video call, when a facilitator has matched the organisation.
  document.addEventListener("live:participant.name", (event) => {
    const name = document.getElementById("display-name");
    if (name) name.textContent = event.detail.display_name;
  });

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-copy]");
    if (!button) return;
    const source = document.getElementById(button.dataset.copy);
    const text = source.value !== undefined ? source.value : source.textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      // Clipboard access can be refused (http, old browsers): select the text instead.
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    const done = button.dataset.copied;
    if (done) {
      const label = button.textContent;
      button.textContent = done;
      // A button's new label is not read out by itself: the page's live region says it.
      if (window.samtale && window.samtale.announce) window.samtale.announce(done);
      setTimeout(() => { button.textContent = label; }, 2000);
    }
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    // One press, one action: a double click must not submit twice.
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    setTimeout(() => { delete form.dataset.submitting; }, 1500);
  });

  // Buttons that post and bring the whole page back (the control room's running item:
  // meetings/_run_controls.html, [data-keep-focus]): pressed from the keyboard, the same
  // control has focus on the page that comes back, so "+1 min" pressed three times is three
  // presses, not three walks from the top of the page. Kept for this tab, used once; a
  // mouse press leaves focus where the browser puts it.
  const KEPT_FOCUS = "samtale.kept-focus";

  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (event.defaultPrevented || !button || !button.dataset.focusKey) return;
    if (!button.closest("[data-keep-focus]") || !button.matches(":focus-visible")) return;
    const keys = [button.dataset.focusKey, ...(button.dataset.focusThen || "").split(" ")];
    try {
      sessionStorage.setItem(KEPT_FOCUS, JSON.stringify({ path: location.pathname, keys }));
    } catch (error) {
      /* storage refused: focus starts at the top, as without this */
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEPT_FOCUS) || "null");
      sessionStorage.removeItem(KEPT_FOCUS);
    } catch (error) {
      return;
    }
    if (!kept || kept.path !== location.pathname) return;
    const found = kept.keys.filter(Boolean)
      .map((key) => document.querySelector(`[data-keep-focus] [data-focus-key="${CSS.escape(key)}"]`))
      .find((element) => element && !element.disabled);
    if (found) found.focus();
  });

  // Messages: the close button removes one; a confirmation removes itself after a while,
  // unless the reader is pointing at it or has focus in it (then it waits until they leave).
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-dismiss-message]");
    if (button) dismissMessage(button.closest(".message"), true);
  });

  function dismissMessage(message, byHand) {
    if (!message || !message.isConnected) return;
    // Closing by hand must not leave focus on nothing: it goes to the page's main content.
    const hadFocus = byHand && message.contains(document.activeElement);
    message.remove();
    if (hadFocus) document.getElementById("main")?.focus();
  }

  function dismissLater(message) {
    const wait = Number(message.dataset.dismissAfter);
    let timer = null;
    const held = () => message.matches(":hover") || message.contains(document.activeElement);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => (held() ? arm() : dismissMessage(message, false)), wait);
    };
    arm();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".message[data-dismiss-after]").forEach(dismissLater);
  });

  // Show the room's name and head count only for a local site, and a person's name only
  // for a person.
  function syncToggles() {
    document.querySelectorAll("[data-shown-by]").forEach((element) => {
      const toggle = document.getElementById(element.dataset.shownBy);
      if (toggle) element.hidden = !toggle.checked;
    });
    document.querySelectorAll("[data-hidden-by]").forEach((element) => {
      const toggle = document.getElementById(element.dataset.hiddenBy);
      if (toggle) element.hidden = toggle.checked;
    });
  }
  document.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox]")) syncToggles();
  });
  document.addEventListener("DOMContentLoaded", syncToggles);
})();
