// The host's own script (external: the page's CSP has no 'unsafe-inline'). It listens to
// the console's events; the console never touches the portal's path.
const activity = document.getElementById('portal-activity');
const consoleElement = document.getElementById('portal-webhooks');

consoleElement.addEventListener('webhook-console:changed', (event) => {
  activity.textContent = `Last change: ${event.detail.change} (${event.detail.webhookId})`;
});
consoleElement.addEventListener('webhook-console:unauthorized', () => {
  activity.textContent = 'The webhook API refused the credentials.';
});
consoleElement.addEventListener('webhook-console:error', (event) => {
  activity.textContent = `Webhook console: ${event.detail.message}`;
});
