// The group's card: saves by itself while people type, each save carrying the version it
// was based on. A newer version saved by someone else opens a merge panel instead of
// being overwritten. Unsaved text is kept on this device until the server has it.
(function () {
  "use strict";
  const editor = document.querySelector("[data-card-editor]");
  if (!editor || editor.dataset.locked === "1") return;
  const form = editor.querySelector("[data-card-form]");
  const status = editor.querySelector("[data-save-status]");
  const panel = editor.querySelector("[data-conflict-panel]");
  const draftKey = `samtale:card-draft:${editor.dataset.cardEditor}`;
  let version = Number(editor.dataset.version);
  let dirty = false;
  let saving = false;
  let conflict = null;
  let timer = null;

  const csrf = () => (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";

  function fields() {
    return {
      heading: form.elements.heading.value,
      body: form.elements.body.value,
      questions: Array.from(form.querySelectorAll("[name=questions]:checked")).map((box) => box.value),
    };
  }

  function fill(values) {
    form.elements.heading.value = values.heading;
    form.elements.body.value = values.body;
    form.querySelectorAll("[name=questions]").forEach((box) => {
      box.checked = values.questions.map(String).includes(box.value);
    });
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text || status.dataset[state] || "";
  }

  function keepDraft() {
    try {
      localStorage.setItem(draftKey, JSON.stringify({ version, ...fields() }));
    } catch (error) { /* private mode: the page still warns before closing */ }
  }

  function dropDraft() {
    try { localStorage.removeItem(draftKey); } catch (error) { /* nothing kept */ }
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function changed() {
    dirty = true;
    keepDraft();
    if (!conflict) setStatus("unsaved");
    schedule(700);
  }

  // Over the live socket when it is open (cheap for the server while hundreds type),
  // else over HTTP; both answer alike: {status, body}.
  async function send(sent) {
    const fieldsToSave = { card: Number(editor.dataset.cardEditor), base_version: version, ...sent };
    if (window.samtaleLive) {
      try {
        return await window.samtaleLive.request("card.save", fieldsToSave);
      } catch (error) { /* not connected: HTTP below */ }
    }
    const body = new URLSearchParams({ base_version: version, heading: sent.heading, body: sent.body });
    sent.questions.forEach((number) => body.append("questions", number));
    const response = await fetch(editor.dataset.saveUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf() },
    });
    return { status: response.status, body: await response.json() };
  }

  async function save() {
    if (!dirty || conflict) return;
    if (saving) { schedule(300); return; }
    saving = true;
    setStatus("saving");
    const sent = fields();
    try {
      const { status: code, body: data } = await send(sent);
      if (code === 200) {
        version = data.version;
        dirty = JSON.stringify(fields()) !== JSON.stringify(sent); // typed on while saving
        if (dirty) { keepDraft(); schedule(300); } else { dropDraft(); setStatus("saved"); }
      } else if (code === 409) {
        showConflict(data.conflict);
      } else {
        setStatus("error", data.error); // the draft stays on this device
      }
    } catch (error) {
      setStatus("offline");
      schedule(2000); // the server is away: try again until it answers
    } finally {
      saving = false;
    }
  }

  function showConflict(theirs) {
    conflict = theirs;
    setStatus("conflict");
    panel.querySelector("[data-conflict-author]").textContent = theirs.author || "";
    panel.querySelector("[data-conflict-heading]").textContent = theirs.heading;
    panel.querySelector("[data-conflict-body]").textContent = theirs.body;
    panel.hidden = false;
  }

  panel.querySelector("[data-conflict-keep]").addEventListener("click", () => {
    version = conflict.version; // I have seen theirs: my merged text goes on top of it
    conflict = null;
    panel.hidden = true;
    dirty = true;
    save();
  });

  panel.querySelector("[data-conflict-take]").addEventListener("click", () => {
    fill(conflict);
    version = conflict.version;
    conflict = null;
    panel.hidden = true;
    dirty = false;
    dropDraft();
    setStatus("saved");
  });

  // Someone else in the group saved: take it if I have nothing unsaved, else merge.
  document.addEventListener("live:card.saved", (event) => {
    const theirs = event.detail;
    if (String(theirs.id) !== editor.dataset.cardEditor || theirs.version <= version) return;
    if (dirty || saving) {
      if (!conflict) showConflict({ ...theirs, author: "" });
    } else {
      fill(theirs);
      version = theirs.version;
      setStatus("saved");
    }
  });

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", save);
  document.addEventListener("live:live.resync", save);
  window.addEventListener("beforeunload", (event) => {
    if (dirty || saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Text typed before a reload or a crash comes back, and is saved on its old version.
  try {
    const draft = JSON.parse(localStorage.getItem(draftKey) || "null");
    if (draft && JSON.stringify({ ...fields(), version }) !== JSON.stringify({ ...draft, version })) {
      fill(draft);
      version = draft.version;
      dirty = true;
      save();
    }
  } catch (error) { /* no draft */ }
})();
