// The HTML page for console errors (403, 404, expired form, 500).
import { html, type SafeHtml } from '../html.js';
import { plainPage } from './layout.js';

export function errorView(status: number, title: string, message: string): string {
  const body: SafeHtml = html`<section class="card narrow" aria-labelledby="error-title">
<p class="eyebrow">Error ${status}</p>
<h1 id="error-title">${title}</h1>
<p>${message}</p>
<p><a class="button secondary" href="/">Back to Rollcall</a></p>
</section>`;
  return plainPage(title, body);
}
