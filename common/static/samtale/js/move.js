// Drag a member onto another group to move them; the same form works by keyboard.
(function () {
  "use strict";
  let dragged = null;

  document.addEventListener("dragstart", (event) => {
    const member = event.target.closest("[data-membership]");
    if (!member) return;
    dragged = member;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", member.dataset.membership);
  });

  document.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest("[data-drop-group]")) event.preventDefault();
  });

  document.addEventListener("drop", (event) => {
    const target = event.target.closest("[data-drop-group]");
    if (!dragged || !target) return;
    event.preventDefault();
    const form = dragged.querySelector("form[data-move-form]");
    form.querySelector("[name=group]").value = target.dataset.dropGroup;
    dragged = null;
    form.requestSubmit();
  });
})();
