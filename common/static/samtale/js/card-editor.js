// The group's card: saves by itself while people type, each save carrying the version it
// was based on. A newer version saved by someone else opens a merge panel instead of
// being overwritten. Unsaved text is kept on this device until the server has it.
// A save is broadcast to the group as well as answered, and under load the broadcast can
// arrive first: what is heard while a save is on its way waits for the answer, so the
// editor never mistakes its own version for someone else's.
// When the facilitator locks the wall ("wall.state"), the editor becomes read-only and says
// so; text not yet saved stays on this device. Unlocked again, it can be edited again.
// The save status is shown, not spoken on every key: the page's live region (announce.js)
// says "Saved" once after each save of this editor, and a conflict, a lost connection or a
// refusal once each time one begins. When the server cannot reach its database (503), the
// editor says so and tries again after the wait the server names.
(function () {
  "use strict";
  const editor = document.querySelector("[data-card-editor]");
  if (!editor) return;
  const form = editor.querySelector("[data-card-form]");
  const status = editor.querySelector("[data-save-status]");
  const panel = editor.querySelector("[data-conflict-panel]");
  const lockedNotice = editor.querySelector("[data-locked-notice]");
  let locked = editor.dataset.locked === "1";
  const draftKey = `samtale:card-draft:${editor.dataset.cardEditor}`;
  let version = Number(editor.dataset.version);
  let dirty = false;
  let saving = false;
  let conflict = null;
  let timer = null;
  let lastSent = null; // the fields of the newest save sent, answered or not
  let heardWhileSaving = null; // the newest card.text heard while a save was on its way

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

  // The card as the server stores it (wall/text.py tidies the text), so that a broadcast
  // can be compared with what this editor sent.
  function stored(card) {
    return JSON.stringify([
      String(card.heading).trim().split(/\s+/).join(" "),
      String(card.body)
        .replace(/\r\n?/g, "\n")
        .replace(/[ \t\u00a0]+$/gm, "")
        .replace(/^\n+|\n+$/g, ""),
      card.questions.map(Number).sort((a, b) => a - b),
    ]);
  }

  function sameCard(a, b) {
    return Boolean(a && b) && stored(a) === stored(b);
  }

  let lastTrouble = null; // the conflict, offline or error state said last, until a save

  // `spoken`: a save of this editor ended in `state`, which the person should hear.
  function setStatus(state, text, spoken = false) {
    const shown = text || status.dataset[state] || "";
    status.dataset.state = state;
    if (status.textContent !== shown) status.textContent = shown;
    if (state === "saved") lastTrouble = null;
    // Retries while offline end in "offline" again and again: said once, until it is saved.
    if (!spoken || !window.samtale || state === lastTrouble) return;
    if (state !== "saved") lastTrouble = state;
    window.samtale.announce(shown);
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
    if (!dirty || conflict || locked) return;
    if (saving) { schedule(300); return; }
    saving = true;
    setStatus("saving");
    const sent = fields();
    lastSent = sent;
    try {
      const { status: code, body: data } = await send(sent);
      if (code === 200) {
        savedAs(data.version, sent);
      } else if (code === 409 && sameCard(data.conflict, sent)) {
        // This editor's own save, whose answer was lost when the socket dropped: the
        // same save again over HTTP finds it already there.
        savedAs(data.conflict.version, sent);
      } else if (code === 409) {
        showConflict(data.conflict);
      } else if (code === 503) {
        // The database is out of reach (a restart): nothing is lost, the text stays on
        // this device and goes again when the server says it may.
        setStatus("unavailable", null, true);
        schedule(1000 * (Number(data.retry_after) || 5));
      } else {
        setStatus("error", data.error, true); // the draft stays on this device
      }
    } catch (error) {
      setStatus("offline", null, true);
      schedule(2000); // the server is away: try again until it answers
    } finally {
      saving = false;
      const heard = heardWhileSaving;
      heardWhileSaving = null;
      if (heard) heardSaved(heard); // now that the answer says which version is ours
    }
  }

  function savedAs(savedVersion, sent) {
    version = savedVersion;
    dirty = JSON.stringify(fields()) !== JSON.stringify(sent); // typed on while saving
    if (dirty) { keepDraft(); schedule(300); } else { dropDraft(); setStatus("saved", null, true); }
  }

  function showConflict(theirs) {
    conflict = theirs;
    setStatus("conflict", null, true);
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

  // A version newer than mine: my own text (a save whose answer never came), or someone
  // else's, to take if I have nothing unsaved, else to merge.
  function heardSaved(theirs) {
    if (theirs.version <= version || conflict) return;
    if (sameCard(theirs, fields())) {
      version = theirs.version; // the server holds exactly what is on the screen
      dirty = false;
      dropDraft();
      setStatus("saved");
    } else if (sameCard(theirs, lastSent)) {
      version = theirs.version; // mine, and typed on since: save the rest on top of it
      keepDraft();
      schedule(300);
    } else if (dirty) {
      showConflict({ ...theirs, author: "" });
    } else {
      fill(theirs);
      version = theirs.version;
      setStatus("saved");
    }
  }

  function setLocked(nowLocked) {
    locked = nowLocked;
    form.querySelectorAll("input, textarea").forEach((control) => { control.disabled = locked; });
    const pictures = editor.querySelector(".card-images");
    if (pictures) pictures.hidden = locked;
    lockedNotice.textContent = locked ? editor.dataset.lockedText : "";
    lockedNotice.hidden = !locked;
    if (locked) clearTimeout(timer);
    else if (dirty) schedule(300);
    else restoreDraft(); // text kept on this device while the wall was locked
  }

  document.addEventListener("live:wall.state", (event) => {
    const wall = event.detail;
    if (String(wall.item) !== editor.dataset.item || wall.locked === locked) return;
    setLocked(wall.locked);
  });

  document.addEventListener("live:card.text", (event) => {
    const theirs = event.detail;
    if (String(theirs.id) !== editor.dataset.cardEditor) return;
    if (saving) {
      // Maybe my own save's broadcast, ahead of its answer: only the answer can tell.
      if (!heardWhileSaving || theirs.version > heardWhileSaving.version) heardWhileSaving = theirs;
      return;
    }
    heardSaved(theirs);
  });

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", save);
  document.addEventListener("live:live.resync", save);
  window.addEventListener("beforeunload", (event) => {
    if ((dirty && !locked) || saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Text typed before a reload or a crash comes back, and is saved on its old version
  // (on a locked wall it stays on this device, in case the wall is opened again).
  function restoreDraft() {
    try {
      const draft = JSON.parse(localStorage.getItem(draftKey) || "null");
      if (draft && JSON.stringify({ ...fields(), version }) !== JSON.stringify({ ...draft, version })) {
        fill(draft);
        version = draft.version;
        dirty = true;
        save();
      }
    } catch (error) { /* no draft */ }
  }
  if (!locked) restoreDraft();
})();
