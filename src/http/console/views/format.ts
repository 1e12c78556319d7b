// Small display helpers shared by the console views: times in UTC, roles in words.
import type { Role } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';

/** "2025-01-05 14:03 UTC": unambiguous for admins in any timezone, with the exact instant in `datetime`. */
export function formatTime(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`never`;
  const shown = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return html`<time datetime="${iso}">${shown}</time>`;
}

/** "2025-01-05 14:03:27 UTC": to the second, for logs where order within a minute matters. */
export function formatSecond(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`never`;
  return html`<time datetime="${iso}">${timeText(iso)}</time>`;
}

/** The same as plain text (CSV, sentences). */
export const timeText = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** An ISO instant inside free text (audit details) shown the way the console shows times. */
export const humaniseInstants = (text: string): string =>
  text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g, (iso) => timeText(iso));

export const ROLE_NAMES: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };
