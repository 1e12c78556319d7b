// Connection health on the SCIM settings page: last request and success, errors in 24 hours, a 7-day chart drawn
// as inline SVG on the server, and plain warnings. While Rollcall waits for the first request, console.js reloads
// this panel (and only it) from the fragment address every few seconds.
import type { ConnectionHealth, HourPoint } from '../../../core/console/activity-service.js';
import { html, type SafeHtml } from '../html.js';
import { formatSecond } from './format.js';

const BAR = 4;
const HEIGHT = 80;

function chart(series: readonly HourPoint[]): SafeHtml {
  const max = Math.max(1, ...series.map((p) => p.requests));
  const scale = (n: number) => (n === 0 ? 0 : Math.max(1, Math.round((n / max) * HEIGHT)));
  const total = series.reduce((sum, p) => sum + p.requests, 0);
  const errors = series.reduce((sum, p) => sum + p.errors, 0);
  const bars = series.map((p, i) => {
    const r = scale(p.requests);
    const e = scale(p.errors);
    return html`${r > 0 ? html`<rect class="bar-requests" x="${i * BAR}" y="${HEIGHT - r}" width="${BAR - 1}" height="${r}"><title>${p.hour.slice(0, 13)}:00 UTC: ${p.requests} requests, ${p.errors} errors</title></rect>` : ''}${
      e > 0 ? html`<rect class="bar-errors" x="${i * BAR}" y="${HEIGHT - e}" width="${BAR - 1}" height="${e}"></rect>` : ''
    }`;
  });
  return html`<figure class="chart"><div class="chart-scroll"><svg viewBox="0 0 ${series.length * BAR} ${HEIGHT}" width="${series.length * BAR}" height="${HEIGHT}" role="img" aria-labelledby="chart-caption">
<line class="chart-axis" x1="0" y1="${HEIGHT - 0.5}" x2="${series.length * BAR}" y2="${HEIGHT - 0.5}"></line>${bars}</svg></div>
<figcaption id="chart-caption">Requests per hour over the last 7 days (${total} requests, ${errors} errors; errors in red). Tallest bar: ${max} requests.</figcaption></figure>`;
}

const WARNINGS = {
  waiting: html`<p class="alert alert-info" role="status">Waiting for your identity provider's first request. Paste the SCIM base URL and the token into it and start provisioning (or run its connection test); this panel updates by itself.</p>`,
  failing: html`<p class="alert alert-error" role="alert">Your identity provider keeps failing: most of its requests in the last 24 hours were refused. Entra ID quarantines an app whose requests mostly fail. Open <strong>Provisioning activity</strong> and filter on “Failed” to see why.</p>`,
  'retired-token': html`<p class="alert alert-warning" role="alert">Your identity provider is still sending a retired token. Paste the current token into it (generate a new one here if you no longer have it).</p>`,
} as const;

export function healthPanel(slug: string, health: ConnectionHealth): SafeHtml {
  const waiting = health.warnings.includes('waiting');
  const base = `/orgs/${slug}/settings/scim`;
  return html`<section class="panel" id="connection-health" aria-labelledby="health-title"${waiting ? html` data-health-poll="${base}/health"` : ''}>
<h2 id="health-title">Connection health</h2>
${health.warnings.map((w) => WARNINGS[w])}
<dl class="facts">
<div><dt>Last request</dt><dd>${formatSecond(health.lastRequestAt)}</dd></div>
<div><dt>Last success</dt><dd>${formatSecond(health.lastSuccessAt)}</dd></div>
<div><dt>Errors in the last 24 hours</dt><dd><a href="${base}/activity?outcome=failure">${health.errors24h}</a> of ${health.requests24h} requests</dd></div>
</dl>
${chart(health.series)}
</section>`;
}
