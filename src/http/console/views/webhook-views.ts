// The Webhooks page (owners and admins, read-only): the endpoints that receive this organization's events, what they
// receive, and how this organization's recent deliveries went. No secret is shown; endpoints are managed by the API.
import type { EndpointOverview } from '../../../core/events/webhook-endpoint-service.js';
import { RECENT_DELIVERIES } from '../../../core/events/webhook-endpoint-service.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format.js';
import { appPage, type ShellContext } from './layout.js';
import { dataTable, type Column } from './table-parts.js';

/** Scheme, host and path: a query string may carry the receiver's own credentials, so it is not shown. */
function receiverText(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return raw;
  }
}

function lastAttempt(row: EndpointOverview): SafeHtml {
  const attempt = row.lastAttempt;
  if (!attempt) return html`<span class="muted">None yet</span>`;
  const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
  const outcome = attempt.status === null ? (attempt.error ?? 'No answer') : `HTTP ${attempt.status}`;
  return html`<span class="badge ${ok ? 'badge-on' : 'badge-error'}">${outcome}</span> ${formatTime(attempt.at)} <span class="muted">(${attempt.durationMs} ms)</span>`;
}

const COLUMNS: readonly Column<EndpointOverview>[] = [
  { header: 'Receiver', cell: (r) => html`<code>${receiverText(r.endpoint.url)}</code>`, className: 'mono' },
  { header: 'Events', cell: (r) => (r.endpoint.types === null ? 'All events' : r.endpoint.types.join(', ')) },
  { header: 'Organizations', cell: (r) => (r.endpoint.orgId === null ? 'All organizations' : 'This organization') },
  {
    header: 'Status',
    cell: (r) => (r.endpoint.enabled ? html`<span class="badge badge-on">Enabled</span>` : html`<span class="badge badge-off">Disabled</span>`),
  },
  { header: 'Pending', cell: (r) => String(r.pending), className: 'nowrap' },
  { header: 'Failed', cell: (r) => (r.failed > 0 ? html`<span class="badge badge-error">${r.failed}</span>` : '0'), className: 'nowrap' },
  { header: 'Last attempt', cell: lastAttempt },
];

export function webhooksView(shell: ShellContext, endpoints: readonly EndpointOverview[]): string {
  return appPage(
    'Webhooks',
    shell,
    'webhooks',
    html`<h1>Webhooks</h1>
<p>Where the product's app hears about ${shell.current.org.name}'s provisioning changes. Endpoints are created and changed through the Rollcall API; pending and failed counts cover this organization's last ${RECENT_DELIVERIES} deliveries to each.</p>
${dataTable('Webhook endpoints', COLUMNS, endpoints, 'No webhook endpoint receives this organization\'s events.')}`,
  );
}
