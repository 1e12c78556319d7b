// Small display helpers shared by the console views: times in UTC, roles in words.
import type { Role } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';

/** "2025-01-05 14:03 UTC": unambiguous for admins in any timezone, with the exact instant in `datetime`. */
export function formatTime(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`never`;
  const shown = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return html`<time datetime="${iso}">${shown}</time>`;
}

export const ROLE_NAMES: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };
