// The wall: cards arrive as server-rendered HTML over the live socket (the same bytes for
// everyone) and replace their older versions; filter by question, grid or columns, and a
// card opened large in a dialog. Whatever brings a card (the page, a live frame, the page
// fetched again after a reconnect), the newer version wins. Beside a card in bokmål or
// nynorsk, "show in nynorsk / bokmål" fetches it in the other form (wall/translation.py).
// A light wall (WALL_CARD_BODIES_TO_VIEWERS) hears every card as a summary (card.summary:
// heading, version) and whole only the cards it has told its socket it shows (wall.view):
// those in view, its group's own and the pinned ones. A card that is in view with a summary
// newer than its body fetches the body (wall:card); a body older than the one shown is
// never applied, whichever way it came.
(function () {
  "use strict";
  const page = document.querySelector("[data-wall-item]");
  if (!page) return;
  const wall = page.querySelector("[data-wall]");
  const itemId = Number(page.dataset.wallItem);
  const moderator = page.dataset.moderator === "1";
  const questionCount = JSON.parse(document.getElementById("wall-question-count").textContent);
  const filter = page.querySelector("[data-wall-filter]");
  const dialog = page.querySelector("[data-card-dialog]");

  // The cards themselves; in columns, a card that answers several questions also shows as a
  // copy in each further question's column (data-card-copy), made again at every arrange.
  function cards() {
    return Array.from(wall.querySelectorAll("[data-card]:not([data-card-copy])"));
  }

  function questionsOf(card) {
    return card.dataset.questions.split(" ").filter(Boolean).map(Number).sort((a, b) => a - b);
  }

  // A copy with ids of its own (a page may not hold one id twice) and without the
  // facilitator's tools, which act on the card itself.
  function copyFor(card, number) {
    const copy = card.cloneNode(true);
    copy.dataset.cardCopy = "";
    const renamed = (id) => `${id}-q${number}`;
    [copy, ...copy.querySelectorAll("[id]")].forEach((element) => {
      if (element.id) element.id = renamed(element.id);
    });
    [copy, ...copy.querySelectorAll("[aria-labelledby], [aria-controls]")].forEach((element) => {
      ["aria-labelledby", "aria-controls"].forEach((name) => {
        const value = element.getAttribute(name);
        if (value) element.setAttribute(name, value.split(" ").map(renamed).join(" "));
      });
    });
    copy.querySelectorAll("[data-card-tools]").forEach((tools) => tools.remove());
    return copy;
  }

  // Column headings come from the page (wall.html): the question's text, in its language.
  function columnHeading(number) {
    const template = page.querySelector(`[data-column-heading="${number}"]`);
    if (template) return template.content.firstElementChild.cloneNode(true);
    const heading = document.createElement("h2");
    heading.className = "wall-column__heading";
    heading.textContent = number ? `${wall.dataset.columnLabel} ${number}` : wall.dataset.otherLabel;
    return heading;
  }

  function arrange() {
    const all = cards();
    const layout = wall.dataset.layout;
    wall.querySelectorAll(".wall-column").forEach((column) => column.remove());
    if (layout === "columns") {
      const columns = new Map();
      const make = (number) => {
        const column = document.createElement("section");
        column.className = "wall-column";
        column.append(columnHeading(number));
        wall.append(column);
        columns.set(number, column);
      };
      for (let number = 1; number <= questionCount; number += 1) make(number);
      make(0);
      all.forEach((card) => {
        const numbers = questionsOf(card).filter((number) => columns.has(number));
        if (!numbers.length) {
          columns.get(0).append(card);
          return;
        }
        columns.get(numbers[0]).append(card);
        numbers.slice(1).forEach((number) => columns.get(number).append(copyFor(card, number)));
      });
    } else {
      all.forEach((card) => wall.append(card));
    }
    applyFilter();
    observeAll();
  }

  function applyFilter() {
    const wanted = filter.value;
    let shown = 0;
    wall.querySelectorAll("[data-card]").forEach((card) => {
      const visible = !wanted || card.dataset.questions.split(" ").includes(wanted);
      card.hidden = !visible;
      if (visible && !("cardCopy" in card.dataset)) shown += 1;
    });
    page.querySelector("[data-wall-count]").textContent = shown;
    page.querySelector("[data-wall-empty]").hidden = shown > 0;
  }

  // A card that arrives live has no forms (one rendering for everyone, made outside any
  // request, could carry no CSRF token): the facilitator's tools come from the page's
  // template, rendered with this page's request, filled in for the card's state.
  const toolsTemplate = page.querySelector("[data-card-tools-template]");

  function addTools(card, data) {
    if (!toolsTemplate) return;
    const tools = toolsTemplate.content.firstElementChild.cloneNode(true);
    const state = { pinned: data.pinned, unpinned: !data.pinned, hidden: data.hidden, shown: !data.hidden };
    // The template's forms post to the address of card 0: the same with this card's number.
    const action = toolsTemplate.dataset.moderateUrl.replace(/\/0\/([^/]*\/)$/, `/${data.id}/$1`);
    tools.querySelectorAll("form").forEach((form) => {
      if (form.dataset.when && !state[form.dataset.when]) form.remove();
      else form.action = action;
    });
    tools.querySelectorAll("label[for]").forEach((label) => {
      const input = tools.querySelector(`[id="${label.htmlFor}"]`);
      label.htmlFor = input.id = `${input.id}${data.id}`;
    });
    tools.querySelector("[data-tools-name]").textContent = data.name || "";
    const comment = tools.querySelector("input[name=comment]");
    comment.defaultValue = comment.value = data.comment || "";
    card.append(tools);
  }

  // A facilitator halfway through a comment keeps it, and the tools open, when the card changes.
  function keepTyping(old, fresh) {
    const before = old && old.querySelector("[data-card-tools]");
    const after = fresh.querySelector("[data-card-tools]");
    if (!before || !after) return null;
    after.open = before.open;
    let focus = null;
    before.querySelectorAll("input[name]:not([type=hidden])").forEach((input) => {
      const twin = after.querySelector(`input[name="${input.name}"]`);
      if (!twin) return;
      if (input.value !== input.defaultValue) twin.value = input.value;
      if (input === document.activeElement) focus = twin;
    });
    return focus;
  }

  // "Show in nynorsk / bokmål": where the page may ask for it (not on a read-only link).
  const otherUrl = page.dataset.cardOtherUrl;
  function offerOther(root) {
    if (otherUrl) root.querySelectorAll("[data-card-other]").forEach((element) => { element.hidden = false; });
  }

  function showError(result, text) {
    const message = document.createElement("p");
    message.className = "message message--error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    result.replaceChildren(message);
    delete result.dataset.version;
  }

  async function toggleOther(button) {
    const result = document.getElementById(button.getAttribute("aria-controls"));
    const card = button.closest("[data-card]");
    if (!result || !card) return;
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    result.hidden = !open;
    if (!open || result.dataset.version === card.dataset.version) return;
    result.setAttribute("aria-busy", "true");
    result.textContent = page.dataset.cardOtherWait;
    const url = `${otherUrl.replace(/\/0\/([^/]*\/)$/, `/${card.dataset.card}/$1`)}?to=${encodeURIComponent(button.dataset.cardOtherTo)}`;
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      const data = await response.json().catch(() => ({}));
      if (response.ok && typeof data.html === "string") {
        const template = document.createElement("template");
        template.innerHTML = data.html.trim(); // sanitised on the server, as the card is
        result.replaceChildren(template.content);
        result.dataset.version = card.dataset.version;
      } else {
        showError(result, data.error || page.dataset.cardOtherFailed);
      }
    } catch (error) {
      showError(result, page.dataset.cardOtherFailed);
    } finally {
      result.removeAttribute("aria-busy");
    }
  }

  // A card that changes without a new text (pinned, hidden) keeps its translation open.
  function keepOther(old, fresh) {
    const before = old && old.querySelector("[data-card-other-result]");
    const after = fresh.querySelector("[data-card-other-result]");
    if (!before || !after || before.dataset.version !== fresh.dataset.version) return;
    after.replaceChildren(...before.childNodes);
    after.dataset.version = before.dataset.version;
    after.hidden = before.hidden;
    const button = fresh.querySelector("[data-card-other-to]");
    if (button) button.setAttribute("aria-expanded", String(!before.hidden));
  }

  function put(old, fresh) {
    const focus = keepTyping(old, fresh);
    offerOther(fresh);
    keepOther(old, fresh);
    if (old) old.replaceWith(fresh);
    else wall.append(fresh);
    if (focus) focus.focus();
    if (light) markStale(fresh);
  }

  const shownVersion = (card) => (card ? Number(card.dataset.version) : -1);

  // --- The light wall ---------------------------------------------------------------------
  const light = "lightWall" in page.dataset && !moderator;
  const ownCard = Number(page.dataset.ownCard) || 0;
  const latest = new Map(); // card id -> its newest summary
  const intersecting = new Set(); // the card elements (copies too) on or near the screen
  const fetching = new Set(); // card ids whose body is being fetched
  let viewSent = null; // the ids last told to the socket, as "1 2 3"
  let viewTimer = null;

  const cardId = (card) => Number(card.dataset.card);
  const isPinned = (id) => {
    const summary = latest.get(id);
    if (summary) return summary.pinned;
    const card = document.getElementById(`card-${id}`);
    return Boolean(card && card.classList.contains("wall-card--pinned"));
  };
  const inView = (id) =>
    id === ownCard || isPinned(id) || Array.from(intersecting).some((card) => cardId(card) === id);

  // The card shows an older body than its summary (or pinned otherwise than it now is).
  function isStale(card) {
    const summary = card && latest.get(cardId(card));
    if (!summary) return false;
    return (
      summary.version > shownVersion(card) ||
      summary.pinned !== card.classList.contains("wall-card--pinned")
    );
  }

  function markStale(card) {
    const stale = isStale(card);
    card.classList.toggle("wall-card--stale", stale);
    let badge = card.querySelector("[data-stale-badge]");
    if (stale && !badge) {
      badge = document.createElement("span");
      badge.className = "stale-badge";
      badge.dataset.staleBadge = "";
      badge.textContent = page.dataset.cardChanged;
      const group = card.querySelector(".wall-card__group");
      if (group) group.append(" ", badge);
    } else if (!stale && badge) {
      badge.remove();
    }
  }

  const groupName = (number) => page.dataset.groupName.replace("%(number)d", String(number));

  // A card the page has only heard a summary of: its place, its group and heading.
  function placeholder(summary) {
    const card = document.createElement("article");
    card.className = "wall-card wall-card--placeholder";
    card.id = `card-${summary.id}`;
    card.dataset.card = String(summary.id);
    card.dataset.version = "0"; // no body yet
    card.dataset.questions = summary.questions.join(" ");
    card.tabIndex = 0;
    card.setAttribute("aria-labelledby", `card-${summary.id}-heading`);
    const head = document.createElement("header");
    head.className = "wall-card__head";
    const group = document.createElement("p");
    group.className = "wall-card__group";
    group.textContent = groupName(summary.group);
    const heading = document.createElement("h3");
    heading.className = "wall-card__heading";
    heading.id = `card-${summary.id}-heading`;
    head.append(group, heading);
    card.append(head);
    return card;
  }

  function showSummary(card, summary) {
    const heading = card.querySelector(".wall-card__heading");
    if (heading) heading.textContent = summary.heading || groupName(summary.group);
    card.dataset.questions = summary.questions.join(" ");
  }

  function observeAll() {
    if (!light || !observer) return;
    observer.disconnect();
    intersecting.clear();
    wall.querySelectorAll("[data-card]").forEach((card) => observer.observe(card));
  }

  function viewIds() {
    const ids = new Set(Array.from(intersecting, cardId));
    latest.forEach((summary, id) => {
      if (summary.pinned && !summary.hidden) ids.add(id);
    });
    cards().forEach((card) => {
      if (card.classList.contains("wall-card--pinned")) ids.add(cardId(card));
    });
    if (ownCard) ids.add(ownCard);
    return Array.from(ids).sort((a, b) => a - b).slice(0, 200);
  }

  // Tell the socket what the page shows, once things settle; the answer means that every
  // later save of those cards comes whole, so any of them still stale is fetched now.
  function sendView(soon = 250) {
    if (!light) return;
    clearTimeout(viewTimer);
    viewTimer = setTimeout(async () => {
      const ids = viewIds();
      const said = ids.join(" ");
      if (said === viewSent) return;
      try {
        if (!window.samtaleLive) throw new Error("no socket");
        const answer = await window.samtaleLive.request("wall.view", { cards: ids });
        if (answer.status !== 200) throw new Error(String(answer.status));
        viewSent = said;
        ids.forEach((id) => fetchIfStale(id));
      } catch (error) {
        viewSent = null;
        sendView(700); // not connected yet, or refused for now: say it again in a moment
      }
    }, soon);
  }

  function fetchIfStale(id) {
    const card = document.getElementById(`card-${id}`);
    if (card && inView(id) && isStale(card)) fetchBody(id);
  }

  async function fetchBody(id) {
    if (fetching.has(id)) return;
    fetching.add(id);
    const url = page.dataset.cardUrl.replace(/\/0\/$/, `/${id}/`);
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) applyBody(await response.json(), true);
    } catch (error) {
      /* the card stays marked; the next summary or scroll tries again */
    } finally {
      fetching.delete(id);
    }
  }

  const observer =
    light && "IntersectionObserver" in window
      ? new IntersectionObserver(
          (entries) => {
            const arrived = [];
            entries.forEach((entry) => {
              if (entry.isIntersecting) {
                if (!intersecting.has(entry.target)) arrived.push(entry.target);
                intersecting.add(entry.target);
              } else {
                intersecting.delete(entry.target);
              }
            });
            arrived.forEach((card) => {
              if (isStale(card)) fetchBody(cardId(card));
            });
            sendView();
          },
          { rootMargin: "200px 0px" },
        )
      : null;

  document.addEventListener("live:card.summary", (event) => {
    const data = event.detail;
    if (!light || data.item !== itemId) return;
    const known = latest.get(data.id);
    if (known && known.version > data.version) return;
    const wasPinned = isPinned(data.id);
    latest.set(data.id, data);
    let existing = document.getElementById(`card-${data.id}`);
    if (shownVersion(existing) > data.version) return;
    if (data.hidden) {
      if (existing) existing.remove();
      applyFilter();
      return;
    }
    if (!existing) {
      existing = placeholder(data);
      wall.append(existing);
    }
    if (data.version > shownVersion(existing)) showSummary(existing, data);
    markStale(existing);
    arrange();
    if (wasPinned !== data.pinned) sendView();
    // The body follows on the socket when the page has the card in view; should it not
    // (the save was sent before the socket heard the view), fetch it.
    if (inView(data.id)) setTimeout(() => fetchIfStale(data.id), 1500);
  });

  document.addEventListener("live:live.resync", () => {
    viewSent = null; // a new socket hears nothing whole until told again
    sendView(0);
  });

  // While the wall fetches itself after a reconnect: the cards the socket brought meanwhile.
  let resync = null;

  // A card's frame, from the socket or (`fetched`) from wall:card: the newer version wins.
  function applyBody(data, fetched = false) {
    if (data.item !== itemId || data.moderator !== moderator) return;
    const existing = document.getElementById(`card-${data.id}`);
    if (shownVersion(existing) > data.version) return;
    // A fetched body no newer than the one shown may be older news (a pin since): only
    // taken where the summary says the card shown is behind.
    if (fetched && shownVersion(existing) === data.version && !isStale(existing)) return;
    if (resync) resync.arrived.set(data.id, data.version);
    if (!data.html) {
      if (existing) existing.remove();
      applyFilter();
      return;
    }
    const template = document.createElement("template");
    template.innerHTML = data.html.trim();
    const fresh = template.content.firstElementChild;
    if (moderator) addTools(fresh, data);
    put(existing, fresh);
    arrange();
  }

  document.addEventListener("live:card.state", (event) => applyBody(event.detail));

  // After a lost connection, fetch the wall as it is now and merge it in by version. A card
  // the socket brought since the reconnect stays when the fetched one is not newer: its frame
  // was published after the socket opened, and every later change follows on that socket,
  // whereas the fetched page may have been rendered before it (pinning and hiding leave the
  // version as it is, so an equal version does not mean the same card).
  document.addEventListener("live:live.resync", async () => {
    const mine = { arrived: new Map() };
    resync = mine;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      if (resync !== mine) return; // a later reconnect fetches again
      const fetched = new Map();
      fresh.querySelectorAll("[data-wall] [data-card]").forEach((card) => fetched.set(card.id, card));
      cards().forEach((card) => {
        if (!fetched.has(card.id) && !mine.arrived.has(Number(card.dataset.card))) card.remove();
      });
      fetched.forEach((card, id) => {
        const live = mine.arrived.get(Number(card.dataset.card));
        const existing = document.getElementById(id);
        const version = Number(card.dataset.version);
        if ((live !== undefined && live >= version) || shownVersion(existing) > version) return;
        put(existing, document.importNode(card, true));
      });
      arrange();
    } catch (error) {
      /* the next resync tries again */
    } finally {
      if (resync === mine) resync = null;
    }
  });

  filter.addEventListener("change", applyFilter);
  page.querySelectorAll("[data-wall-layout]").forEach((radio) => {
    radio.addEventListener("change", () => {
      wall.dataset.layout = radio.value;
      arrange();
    });
  });

  // Open a card large: a click on its heading, or Enter or Space on the focused card.
  // Closing gives focus back to the card, also when a live update has replaced it meanwhile.
  let openedFrom = null; // the id of the card shown in the dialog
  function open(card) {
    if (!dialog || !dialog.showModal) return;
    const body = dialog.querySelector("[data-card-dialog-body]");
    const copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.removeAttribute("tabindex");
    copy.removeAttribute("aria-labelledby");
    copy.querySelectorAll("[id]").forEach((element) => element.removeAttribute("id"));
    copy.querySelectorAll("details, [data-card-other-to]").forEach((element) => element.remove());
    body.replaceChildren(copy);
    openedFrom = card.id;
    dialog.showModal();
  }
  if (dialog) {
    dialog.addEventListener("close", () => {
      const card = openedFrom && document.getElementById(openedFrom);
      openedFrom = null;
      if (card) card.focus();
    });
  }
  wall.addEventListener("click", (event) => {
    const other = event.target.closest("[data-card-other-to]");
    if (other) {
      toggleOther(other);
      return;
    }
    const heading = event.target.closest(".wall-card__heading");
    if (heading) open(heading.closest("[data-card]"));
  });
  wall.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    if (!event.target.matches("[data-card]") || event.repeat) return;
    // Without this the key's own activation (Enter's click, Space's keyup) lands on the
    // dialog's Close button, which has focus by then, and shuts the card at once; Space
    // would also scroll the page.
    event.preventDefault();
    open(event.target);
  });
  offerOther(wall);
  arrange();
  sendView(0);
})();
