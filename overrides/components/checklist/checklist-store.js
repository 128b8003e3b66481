/**
 * The state of one checklist (ticks, answers to "which applies to you?", city), shared by every
 * component that shows it on the page, kept in localStorage when the browser allows it and carried
 * in share links. Everything read from storage or a link is untrusted: only the item, option and
 * city ids the page was built with are accepted, everything else is dropped silently.
 *
 * @module checklist-store
 */

/**
 * What the page tells the script, from the `.guide-checklist-data` JSON island.
 *
 * @typedef {object} ChecklistData
 * @property {string} id - Checklist id: the storage key and the `checklist` of progress events.
 * @property {string[]} items - Item slugs, in content order.
 * @property {Record<string, string[]>} conditions - Question id → its option ids.
 * @property {string[]} cities - City ids.
 * @property {Record<string, string>} i18n - UI strings in the page language, `{name}` placeholders.
 */

/**
 * @typedef {object} ChecklistState
 * @property {Set<string>} ticks - Ticked item slugs.
 * @property {Map<string, string>} when - Question id → the chosen option id (unanswered: absent).
 * @property {string} city - Chosen city id, or "" for none.
 */

/**
 * A share link opened while other ticks were saved on this device: both are kept until the reader
 * chooses one.
 *
 * @typedef {object} LinkOffer
 * @property {ChecklistState} saved - What was saved on this device.
 * @property {number} linkTicks - How many ticks the link carries.
 */

const VERSION = 1;

/** @type {Map<string, ChecklistStore>} */
const stores = new Map();

/**
 * Read the JSON island inside `root`.
 *
 * @param {Element} root - A component root holding a `.guide-checklist-data` script element.
 * @returns {ChecklistData} The data; throws when the island is missing or malformed.
 */
export function readData(root) {
  const island = root.querySelector("script.guide-checklist-data");
  if (!island) throw new Error("checklist: no .guide-checklist-data island in the component");
  const data = JSON.parse(island.textContent || "");
  if (!data || typeof data.id !== "string" || !Array.isArray(data.items)) {
    throw new Error("checklist: malformed .guide-checklist-data island");
  }
  return data;
}

/**
 * @param {string} href - A link, relative to this page or absolute.
 * @returns {string} Its absolute address without fragment.
 */
export function withoutHash(href) {
  const url = new URL(href, window.location.href);
  url.hash = "";
  return url.href;
}

export class ChecklistStore extends EventTarget {
  /**
   * The one store for this checklist on this page, created on first use. The first call also reads
   * a share link in `location.hash`.
   *
   * @param {ChecklistData} data - From the page.
   * @returns {ChecklistStore} The shared store.
   */
  static for(data) {
    let store = stores.get(data.id);
    if (!store) {
      store = new ChecklistStore(data);
      stores.set(data.id, store);
      store.openLink(window.location.hash);
    }
    return store;
  }

  /**
   * @param {ChecklistData} data - From the page.
   */
  constructor(data) {
    super();
    /** @type {ChecklistData} */
    this.data = data;
    this.key = `guide:checklist:${data.id}`;
    /** False once storage failed: ticks then live in memory (and the URL), or with the host. */
    this.persistent = true;
    /** @type {import("./checklist-host-storage.js").HostStorage|null} */
    this.host = null;
    this.dirty = false; // the reader changed something / a share link came in: both win over the host's
    this.linked = false;
    /** @type {LinkOffer|null} */
    this.offer = null;
    /** @type {Map<string, string>} option id → question id */
    this.questionOf = new Map();
    for (const [question, options] of Object.entries(data.conditions || {})) {
      for (const option of options) this.questionOf.set(option, question);
    }
    /** @type {ChecklistState} */
    this.state = this.read();
    window.addEventListener("storage", (event) => {
      // Another tab changed the ticks: follow it, unless a link offer is still open here.
      if (event.key === this.key && !this.offer) this.reload();
    });
    window.addEventListener("hashchange", () => {
      // A share link opened in a tab already showing the checklist does not reload the page.
      if (this.openLink(window.location.hash)) this.changed();
    });
  }

  /**
   * Build a clean state from untrusted lists.
   *
   * @param {unknown} ticks - Item slugs.
   * @param {unknown} when - Option ids; the first one per question wins.
   * @param {unknown} city - A city id.
   * @returns {ChecklistState} Only known ids.
   */
  clean(ticks, when, city) {
    const known = new Set(this.data.items);
    const state = { ticks: new Set(), when: new Map(), city: "" };
    for (const slug of Array.isArray(ticks) ? ticks : []) {
      if (typeof slug === "string" && known.has(slug)) state.ticks.add(slug);
    }
    for (const option of Array.isArray(when) ? when : []) {
      const question = typeof option === "string" ? this.questionOf.get(option) : undefined;
      if (question && !state.when.has(question)) state.when.set(question, option);
    }
    if (typeof city === "string" && this.data.cities.includes(city)) state.city = city;
    return state;
  }

  /**
   * The saved state, or an empty one when nothing (or nothing usable) is saved. Never throws.
   *
   * @returns {ChecklistState} The state.
   */
  read() {
    let text = null;
    try {
      text = window.localStorage.getItem(this.key);
    } catch {
      // Blocked storage (some iframes, WeChat, privacy settings) throws on access: work in memory.
      this.fail();
    }
    let saved = null;
    try {
      saved = text ? JSON.parse(text) : null;
    } catch {
      // Corrupt or foreign data: ignore it; the next save replaces it.
    }
    if (!saved || typeof saved !== "object") return this.clean([], [], "");
    return this.clean(saved.ticks, saved.when, saved.city);
  }

  /** Save the state; on failure switch to memory and say so once. Never throws. */
  write() {
    if (this.offer) return;
    const { ticks, when, city } = this.state;
    const text = JSON.stringify({ v: VERSION, ticks: [...ticks], when: [...when.values()], city });
    if (this.persistent) {
      try {
        window.localStorage.setItem(this.key, text);
        return;
      } catch {
        this.fail();
      }
    }
    this.host?.setItem(this.key, text);
  }

  /** Storage is unavailable or full: keep working in memory, tell the components once, ask the host. */
  fail() {
    if (!this.persistent) return;
    this.persistent = false;
    this.dispatchEvent(new Event("storage-off"));
    // Embeds: the host page may keep the ticks (loaded only now).
    import("./checklist-host-storage.js").then((module) => module.askHost(this), () => {});
  }

  /** Re-read storage (back/forward cache, another tab) and tell the components. */
  reload() {
    if (this.persistent && !this.offer) this.state = this.read();
    this.changed();
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }

  /**
   * Change the state, save it, tell the components. Changing anything while a link offer is open
   * means the reader goes on with the link's ticks; the ticks saved before stay restorable (see
   * {@link resolveOffer}), so nothing saved is lost without the reader seeing it.
   *
   * @param {Partial<ChecklistState>} patch - The parts to replace.
   */
  update(patch) {
    this.state = { ...this.state, ...patch };
    this.dirty = true;
    if (this.offer) this.resolveOffer("link");
    this.write();
    this.changed();
  }

  /**
   * Both states in one: every tick of either, the first state's answers and city where it has them.
   *
   * @param {ChecklistState} first - Wins where both answered the same question.
   * @param {ChecklistState} second - Fills the gaps.
   * @returns {ChecklistState} A new state.
   */
  static merged(first, second) {
    const when = new Map(second.when);
    for (const [question, option] of first.when) when.set(question, option);
    return { ticks: new Set([...first.ticks, ...second.ticks]), when, city: first.city || second.city };
  }

  /**
   * @param {string} slug - Item slug.
   * @param {boolean} ticked - New value.
   */
  tick(slug, ticked) {
    if (!this.data.items.includes(slug)) return;
    const ticks = new Set(this.state.ticks);
    if (ticked) ticks.add(slug);
    else ticks.delete(slug);
    this.update({ ticks });
  }

  /**
   * @param {string} question - Question id.
   * @param {string} option - One of its option ids, or "" for "not sure".
   */
  answer(question, option) {
    const when = new Map(this.state.when);
    if (option && this.questionOf.get(option) === question) when.set(question, option);
    else when.delete(question);
    this.update({ when });
  }

  /** @param {string} city - A city id, or "". */
  chooseCity(city) {
    this.update({ city: this.data.cities.includes(city) ? city : "" });
  }

  /**
   * Whether an item applies under the current answers: for each question the item names options
   * of, the reader either has not answered it or chose one of those options.
   *
   * @param {string} appliesTo - The item's option ids, space-separated; empty for everyone.
   * @returns {boolean} True when the item applies (or may apply).
   */
  applies(appliesTo) {
    /** @type {Map<string, string[]>} */
    const byQuestion = new Map();
    for (const option of appliesTo.split(/\s+/).filter(Boolean)) {
      const question = this.questionOf.get(option);
      if (question) byQuestion.set(question, [...(byQuestion.get(question) || []), option]);
    }
    for (const [question, options] of byQuestion) {
      const chosen = this.state.when.get(question);
      if (chosen && !options.includes(chosen)) return false;
    }
    return true;
  }

  /**
   * The state as a URL fragment (without "#"), ids in content order; "" for an empty state.
   *
   * @returns {string} e.g. `ticks=id-card,bank-card&when=first-registration&city=beijing`.
   */
  toHash() {
    const { ticks, when, city } = this.state;
    const parts = [];
    const ticked = this.data.items.filter((slug) => ticks.has(slug));
    if (ticked.length) parts.push(`ticks=${ticked.join(",")}`);
    const answers = Object.keys(this.data.conditions).map((q) => when.get(q)).filter(Boolean);
    if (answers.length) parts.push(`when=${answers.join(",")}`);
    if (city) parts.push(`city=${city}`);
    return parts.join("&");
  }

  /**
   * A link to `pageUrl` that carries the state.
   *
   * @param {string} pageUrl - The online checklist, absolute, without fragment.
   * @returns {string} The share link.
   */
  shareUrl(pageUrl) {
    const hash = this.toHash();
    return hash ? `${pageUrl}#${hash}` : pageUrl;
  }

  /**
   * Take the state from a share link. If other ticks are saved on this device, show the link's
   * state but keep the saved one until the reader chooses (see {@link resolveOffer}).
   *
   * @param {string} hash - `location.hash`; anything that is not a share link is ignored.
   * @returns {boolean} Whether it was a share link.
   */
  openLink(hash) {
    const params = new URLSearchParams(String(hash || "").replace(/^#/, ""));
    if (!["ticks", "when", "city"].some((name) => params.has(name))) return false;
    const list = (/** @type {string} */ name) => (params.get(name) || "").split(",");
    const link = this.clean(list("ticks"), list("when"), params.get("city") || "");
    const saved = this.state;
    this.linked = true;
    const same = saved.ticks.size === link.ticks.size && [...link.ticks].every((slug) => saved.ticks.has(slug));
    this.state = link;
    if (saved.ticks.size && !same && this.persistent) {
      this.offer = { saved, linkTicks: link.ticks.size };
      this.dispatchEvent(new Event("offer"));
    } else {
      this.write();
    }
    return true;
  }

  /**
   * Settle an open link offer. Choosing the link (or ticking, which implies it) replaces the saved
   * ticks: a `replaced` event (detail: the saved state) lets the components offer to restore or
   * merge them.
   *
   * @param {"link"|"saved"|"merge"|boolean} choice - "link" (or true): the link's state; "saved" (or
   *   false): back to the ticks saved on this device; "merge": both together.
   */
  resolveOffer(choice) {
    const offer = this.offer;
    if (!offer) return;
    this.offer = null;
    const how = choice === true ? "link" : choice === false ? "saved" : choice;
    if (how === "saved") this.state = offer.saved;
    else if (how === "merge") this.state = ChecklistStore.merged(this.state, offer.saved);
    this.write();
    this.dispatchEvent(new Event("offer"));
    if (how === "link") this.dispatchEvent(new CustomEvent("replaced", { detail: offer.saved }));
    this.changed();
  }

  /**
   * After a link replaced the saved ticks: put them back, alone or together with the current ones.
   *
   * @param {ChecklistState} saved - The state the link replaced (a `replaced` event's detail).
   * @param {boolean} merge - True: keep the current ticks as well.
   */
  restore(saved, merge) {
    this.update(merge ? ChecklistStore.merged(this.state, saved) : { ticks: new Set(saved.ticks), when: new Map(saved.when), city: saved.city });
  }
}
