// The standalone page's bootstrap, copied to the dist as
// `webhook-console-standalone.v1.js` and loaded by its index.html with
// `<script type="module" src=...>` (Trunk's inline bootstrap is removed: strict CSP).
// It reads the optional `config.json` beside it, so one build serves every environment
// (`<provider>.html` pages fix the provider on the element instead):
//   { "apiBase": "https://api.slashid.com", "orgId": null, "provider": "slashid",
//     "theme": "auto", "hashRouting": true }

import { mount } from './webhook-console-loader.v1.js';

async function config() {
  try {
    const response = await fetch(new URL('config.json', import.meta.url));
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}

const settings = await config();
const element = document.getElementById('webhook-console');
mount(element, {
  apiBase: settings.apiBase || undefined,
  orgId: settings.orgId || undefined,
  // `<provider>.html` names its provider on the element; `index.html` takes config.json's.
  provider: element.dataset.provider || settings.provider || undefined,
  theme: settings.theme || undefined,
  hashRouting: settings.hashRouting !== false,
  // The whole page is the console: no shadow root, the stylesheet is in the page.
  shadow: false,
});
