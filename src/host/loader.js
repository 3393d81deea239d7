// Webhook Console loader, version 1: copied verbatim to the dist as
// `webhook-console-loader.v1.js`, a stable name a host can include once:
//
//   <script type="module" src="https://cdn.example/webhook-console/1.0.0/webhook-console-loader.v1.js"></script>
//   <webhook-console provider="instavm" api-base="https://api.instavm.io" theme="auto"></webhook-console>
//
// It finds the content-hashed wasm, JS and CSS of its own build through `manifest.json`,
// next to itself (relative to `import.meta.url`), so the folder works under any path
// prefix and on any origin that sends CORS headers. Each API (`provider`: "slashid",
// "instavm", "droplit") has its own bundle: a page downloads only the bundles of the
// providers it mounts, each once. No inline script, no eval, no style
// attribute: it runs under `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.
//
// Exports `mount(element, options)` and defines `<webhook-console>`. See the README's
// "Embedding" section.

const base = new URL('./', import.meta.url);
// The hash of this release's manifest.json, written here by `cargo xtask dist`: a host
// that pins this file with `integrity` pins the manifest, and through the hashes the
// manifest lists, every file of the release. Each is checked by the browser itself.
const MANIFEST_INTEGRITY = '__WEBHOOK_CONSOLE_MANIFEST_INTEGRITY__';
let manifestLoading;
/** The bundles loaded or loading, by their glue's file name. */
const bundles = new Map();

/** A file of the release that failed: named in the message and in the event (`changed`:
 * it does not match its hash). */
const fail = (file, why, changed) =>
  Object.assign(new Error(`webhook-console: ${file} ${why}`), { file, changed });

/** Loads `file` of the release with `get(url, integrity)`, the browser checking it
 * against `integrity` (the manifest's hash for it): fails naming the file. */
async function checked(file, integrity, get) {
  let response;
  try {
    response = await get(new URL(file, base).href, integrity);
  } catch {
    throw fail(file, 'does not match its integrity hash: this release was changed after it was built', true);
  }
  if (response.ok === false) throw fail(file, `could not be loaded (HTTP ${response.status})`);
  return response;
}

const fetchWith = (url, integrity) => fetch(url, { integrity });

/** A dynamic `import()` takes no integrity: a module preload with the hash fills the
 * page's module map first, which the import then reads. */
const importWith = (url, integrity) =>
  new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement('link'), {
      rel: 'modulepreload',
      href: url,
      integrity,
      crossOrigin: 'anonymous',
      onload: () => resolve(import(url)),
      onerror: reject,
    });
    document.head.append(link);
  });

function manifest() {
  if (!manifestLoading) {
    manifestLoading = checked('manifest.json', MANIFEST_INTEGRITY, fetchWith).then((r) => r.json());
    // A failed load may be retried by the next mount.
    manifestLoading.catch(() => {
      manifestLoading = undefined;
    });
  }
  return manifestLoading;
}

/** Loads one provider's wasm-bindgen module and wasm, once per page (a mount naming no
 * provider gets the manifest's default, the same bundle as naming it), every file
 * checked against the manifest's hashes first. */
async function load(provider) {
  const m = await manifest();
  const name = (provider || '').trim().toLowerCase();
  // A manifest from before the providers has only `entry` (SlashID's bundle).
  const entry = name ? (m.providers || { slashid: m.entry })[name] : m.entry;
  if (!entry) {
    const known = Object.keys(m.providers || { slashid: 1 }).join(', ');
    throw new Error(`webhook-console: unknown provider "${name}" (this release has: ${known})`);
  }
  let loading = bundles.get(entry.js);
  if (!loading) {
    const hash = (file) => (m.files.find((f) => f.path === file) || {}).integrity;
    loading = (async () => {
      const [bindings, wasm] = await Promise.all([
        checked(entry.js, hash(entry.js), importWith),
        checked(entry.wasm, hash(entry.wasm), fetchWith),
        // The stylesheet is checked now, and again by its <link> (same hash).
        checked(entry.css, hash(entry.css), fetchWith),
      ]);
      await bindings.default({ module_or_path: wasm });
      return { bindings, css: new URL(entry.css, base).href, cssIntegrity: hash(entry.css) };
    })();
    bundles.set(entry.js, loading);
    loading.catch(() => bundles.delete(entry.js));
  }
  return loading;
}

function report(element, error) {
  const detail = { kind: error.changed ? 'integrity' : 'load', file: error.file, message: error.message };
  element.dispatchEvent(
    new CustomEvent('webhook-console:error', { bubbles: true, composed: true, detail }),
  );
}

/**
 * Mounts a console into `element` (into an open shadow root unless `shadow: false`).
 * Returns at once a handle: `ready` (a promise, settled once the console is on screen)
 * and `unmount()`, which also cancels a mount still loading.
 *
 * options: provider ("slashid" | "instavm" | "droplit"; default: the release's first),
 * apiBase, orgId, theme ("light" | "dark" | "auto"),
 * hashRouting (bool), chrome ("none" hides the console's brand and version header; "full",
 * the default, shows it), headingLevel (2 to 6: the level of the views' titles, default 2),
 * and either apiKey or getCredentials: async ({ refresh }) =>
 * ({ headers }), called before each request and once more after a 401 (`refresh: true`).
 */
export function mount(element, options = {}) {
  let inner;
  let cancelled = false;
  const ready = load(options.provider)
    .then(({ bindings, css, cssIntegrity }) => {
      if (!cancelled) inner = bindings.mount(element, { ...options, cssUrl: css, cssIntegrity });
      return handle;
    })
    .catch((error) => {
      report(element, error);
      throw error;
    });
  // The host may not await `ready`: its failure is reported as an event, not left as an
  // unhandled rejection.
  ready.catch(() => {});
  const handle = {
    ready,
    get mounted() {
      return Boolean(inner && inner.mounted);
    },
    unmount() {
      cancelled = true;
      if (inner) {
        inner.unmount();
        inner.free();
        inner = undefined;
      }
    },
  };
  return handle;
}

/** How many consoles are mounted (or still finishing requests after an unmount), over
 * every provider's bundle loaded so far. */
export async function liveMounts() {
  let count = 0;
  for (const loading of [...bundles.values()]) {
    const { bindings } = await loading;
    count += bindings.liveMounts();
  }
  return count;
}

const ATTRIBUTES = ['api-base', 'provider', 'org-id', 'theme', 'locale', 'hash-routing', 'chrome', 'heading-level'];

class WebhookConsoleElement extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #handle;
  #apiKey;
  #getCredentials;
  #scheduled = false;

  constructor() {
    super();
    // Properties a host set before this script ran live on the instance: take them over.
    for (const name of ['apiKey', 'getCredentials']) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  /** An API key, as a property only (an attribute would show it in the DOM). */
  set apiKey(value) {
    this.#apiKey = value || undefined;
    this.#schedule();
  }

  /** `async ({ refresh }) => ({ headers })`, as a property. */
  set getCredentials(fn) {
    this.#getCredentials = typeof fn === 'function' ? fn : undefined;
    this.#schedule();
  }

  /** The current mount's promise, for hosts and tests that wait for the console. */
  get ready() {
    return this.#handle ? this.#handle.ready : Promise.resolve(undefined);
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback() {
    this.#schedule();
  }

  // Attributes and properties set in one go give one mount, not one each.
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#unmount();
      if (this.isConnected) this.#mount();
    });
  }

  #mount() {
    const attr = (name) => this.getAttribute(name) || undefined;
    this.#handle = mount(this, {
      apiBase: attr('api-base'),
      orgId: attr('org-id'),
      provider: attr('provider'),
      theme: attr('theme'),
      locale: attr('locale'),
      hashRouting: this.hasAttribute('hash-routing'),
      chrome: attr('chrome'),
      headingLevel: attr('heading-level'),
      apiKey: this.#apiKey,
      getCredentials: this.#getCredentials,
    });
  }

  #unmount() {
    if (this.#handle) {
      this.#handle.unmount();
      this.#handle = undefined;
    }
  }
}

if (!customElements.get('webhook-console')) {
  customElements.define('webhook-console', WebhookConsoleElement);
}
