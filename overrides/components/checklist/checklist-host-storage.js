/**
 * An embedded checklist whose own storage the browser refuses: the host page's script may keep the
 * ticks (`window.shebaoGuideHostStorage`, set by the frame's embed.js; messages in README "Storage through
 * the host"). Loaded by checklist-store.js only when its storage fails.
 *
 * @module checklist-host-storage
 */

/**
 * @typedef {object} HostStorage
 * @property {(key: string) => Promise<{ok: boolean, value: string|null}>} getItem - Ask the host.
 * @property {(key: string, value: string) => void} setItem - Tell the host.
 */

/**
 * Take what the host kept (unless the reader changed something meanwhile or a share link came in),
 * then save there from now on, and tell the components (`storage-host`).
 *
 * @param {import("./checklist-store.js").ChecklistStore} store - The store whose storage failed.
 * @returns {void}
 */
export function askHost(store) {
  const bridge = /** @type {HostStorage|undefined} */ (/** @type {any} */ (window).shebaoGuideHostStorage);
  if (!bridge || typeof bridge.getItem !== "function") return;
  bridge.getItem(store.key).then(({ ok, value }) => {
    if (!ok) return;
    store.host = bridge;
    let saved = null;
    try {
      saved = value ? JSON.parse(value) : null;
    } catch {
      // Foreign data: ignore it; the next save replaces it.
    }
    if (saved && typeof saved === "object" && !store.dirty && !store.offer && !store.linked) {
      store.state = store.clean(saved.ticks, saved.when, saved.city);
    } else {
      store.write();
    }
    store.dispatchEvent(new Event("storage-host"));
    store.changed();
  }, () => {});
}
