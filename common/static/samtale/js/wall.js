// The wall: cards arrive as server-rendered HTML over the live socket (the same bytes for
// everyone) and replace their older versions; filter by question, grid or columns, and a
// card opened large in a dialog.
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

  function cards() {
    return Array.from(wall.querySelectorAll("[data-card]"));
  }

  function firstQuestion(card) {
    const numbers = card.dataset.questions.split(" ").filter(Boolean).map(Number);
    return numbers.length ? Math.min(...numbers) : 0;
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
        const heading = document.createElement("h2");
        heading.className = "wall-column__heading";
        heading.textContent = number ? `${wall.dataset.columnLabel} ${number}` : wall.dataset.otherLabel;
        column.append(heading);
        wall.append(column);
        columns.set(number, column);
      };
      for (let number = 1; number <= questionCount; number += 1) make(number);
      make(0);
      all.forEach((card) => columns.get(firstQuestion(card) || 0).append(card));
    } else {
      all.forEach((card) => wall.append(card));
    }
    applyFilter();
  }

  function applyFilter() {
    const wanted = filter.value;
    let shown = 0;
    cards().forEach((card) => {
      const visible = !wanted || card.dataset.questions.split(" ").includes(wanted);
      card.hidden = !visible;
      if (visible) shown += 1;
    });
    page.querySelector("[data-wall-count]").textContent = shown;
    page.querySelector("[data-wall-empty]").hidden = shown > 0;
  }

  function place(card, html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.firstElementChild;
    if (card) card.replaceWith(fresh);
    else wall.append(fresh);
    arrange();
  }

  document.addEventListener("live:wall.card", (event) => {
    const data = event.detail;
    if (data.item !== itemId || data.moderator !== moderator) return;
    const existing = document.getElementById(`card-${data.id}`);
    if (existing && Number(existing.dataset.version) > data.version) return;
    if (!data.html) {
      if (existing) existing.remove();
      applyFilter();
      return;
    }
    place(existing, data.html);
  });

  // After a lost connection, fetch the wall as it is now and swap the cards in place.
  document.addEventListener("live:live.resync", async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const cardsNow = fresh.querySelectorAll("[data-wall] [data-card]");
      wall.querySelectorAll("[data-card]").forEach((card) => card.remove());
      cardsNow.forEach((card) => wall.append(document.importNode(card, true)));
      arrange();
    } catch (error) {
      /* the next resync tries again */
    }
  });

  filter.addEventListener("change", applyFilter);
  page.querySelectorAll("[data-wall-layout]").forEach((radio) => {
    radio.addEventListener("change", () => {
      wall.dataset.layout = radio.value;
      arrange();
    });
  });

  // Open a card large: a click on its heading, or Enter on the focused card.
  function open(card) {
    if (!dialog || !dialog.showModal) return;
    const body = dialog.querySelector("[data-card-dialog-body]");
    const copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.removeAttribute("tabindex");
    copy.removeAttribute("aria-labelledby");
    copy.querySelectorAll("[id]").forEach((element) => element.removeAttribute("id"));
    copy.querySelectorAll("details").forEach((element) => element.remove());
    body.replaceChildren(copy);
    dialog.showModal();
  }
  wall.addEventListener("click", (event) => {
    const heading = event.target.closest(".wall-card__heading");
    if (heading) open(heading.closest("[data-card]"));
  });
  wall.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("[data-card]")) open(event.target);
  });
  arrange();
})();
