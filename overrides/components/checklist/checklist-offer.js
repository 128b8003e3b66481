/**
 * What the checklist says when a share link meets other ticks saved on this device: use the link's,
 * keep the saved ones or combine both; and, once the link's replaced them, restore or combine with
 * Undo. Saved ticks are never dropped without the reader seeing it. Imported by checklist.js only
 * when that happens (most visits never need it, and every byte of /checklist/ counts).
 *
 * @module checklist-offer
 */

/** @typedef {import("./checklist.js").Checklist} Checklist */
/** @typedef {import("./checklist-store.js").ChecklistState} ChecklistState */

/**
 * Ask what to do with the link's ticks and those saved on this device.
 *
 * @param {Checklist} checklist - The component showing the message.
 */
export function showOffer(checklist) {
  const { store } = checklist;
  const offer = store.offer;
  if (!offer) return;
  checklist.message(checklist.t("checklist-link-offer", { link: offer.linkTicks, saved: offer.saved.ticks.size }), [
    { label: checklist.t("checklist-use-link"), action: () => store.resolveOffer("link") },
    { label: checklist.t("checklist-keep-saved"), action: () => store.resolveOffer("saved") },
    { label: checklist.t("checklist-merge"), action: () => merged(checklist, () => store.resolveOffer("merge")) },
  ]);
}

/**
 * The link's ticks replaced those saved on this device (chosen, or by ticking while the offer was
 * open): say so, and offer them back, alone or combined, until the next message.
 *
 * @param {Checklist} checklist - The component showing the message.
 * @param {ChecklistState} saved - What was saved before.
 */
export function showReplaced(checklist, saved) {
  const { store } = checklist;
  if (!saved || !saved.ticks.size) return;
  checklist.message(checklist.t("checklist-link-replaced", { saved: saved.ticks.size }), [
    {
      label: checklist.t("checklist-restore-saved"),
      action: () => {
        store.restore(saved, false);
        checklist.message(checklist.t("checklist-restored"));
      },
    },
    { label: checklist.t("checklist-merge"), action: () => merged(checklist, () => store.restore(saved, true)) },
  ]);
}

/**
 * Combine (by `run`), then say how many ticks there are now, with Undo back to what was shown before.
 *
 * @param {Checklist} checklist - The component showing the message.
 * @param {() => void} run - Does the combining.
 */
function merged(checklist, run) {
  const before = checklist.store.state;
  run();
  checklist.message(checklist.t("checklist-merged", { n: checklist.store.state.ticks.size }), [
    {
      label: checklist.t("checklist-undo"),
      action: () => checklist.store.update({ ticks: new Set(before.ticks), when: new Map(before.when), city: before.city }),
    },
  ]);
}
