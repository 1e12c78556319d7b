// The console's one stylesheet, served as /assets/console.css (CSP: style-src 'self', so no inline styles anywhere).
export const CONSOLE_CSS = `:root {
  --bg: #f5f6f8; --surface: #ffffff; --text: #111827; --muted: #5b6474; --border: #dfe3ea;
  --primary: #3b3fce; --primary-hover: #2f32a8; --primary-text: #ffffff;
  --sidebar: #111827; --sidebar-text: #e5e7eb; --sidebar-muted: #9ca3af; --sidebar-hover: #1f2937;
  --danger: #b42318; --danger-bg: #fef3f2; --warning-bg: #fffaeb; --warning-border: #fedf89;
  --success: #067647; --success-bg: #ecfdf3; --focus: #2563eb;
  --radius: 8px; --shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 1px 3px rgba(16, 24, 40, 0.08);
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: var(--text); background: var(--bg);
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 0.25rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
p { margin: 0 0 0.75rem; }
a { color: var(--primary); }
a:hover { color: var(--primary-hover); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
/* A URN in running text breaks where it must rather than widening the page on a phone. */
p code { overflow-wrap: anywhere; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; background: var(--surface); padding: 0.5rem 0.75rem; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.muted, .hint { color: var(--muted); }
.hint { font-size: 0.875rem; margin: 0.25rem 0 0; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.75rem; font-weight: 600; color: var(--muted); margin-bottom: 0.25rem; }

/* Shell: sidebar on the left with the team tray in its lower-left corner. */
.shell { display: grid; grid-template-columns: 248px minmax(0, 1fr); min-height: 100vh; }
/* The sidebar column is painted by the shell too, so it reaches the bottom of pages longer than the window. */
.shell { background: linear-gradient(to right, var(--sidebar) 248px, transparent 248px); }
.sidebar { background: var(--sidebar); color: var(--sidebar-text); display: flex; flex-direction: column; padding: 1.25rem 0.75rem; position: sticky; top: 0; height: 100vh; }
.brand { color: #fff; font-weight: 700; font-size: 1.15rem; text-decoration: none; padding: 0 0.5rem 1.25rem; letter-spacing: -0.01em; }
.brand:hover { color: #fff; }
.brand-plain { color: var(--text); text-align: center; padding: 0; margin-bottom: 1.5rem; }
.nav ul { list-style: none; margin: 0; padding: 0; }
.nav a { display: block; color: var(--sidebar-text); text-decoration: none; padding: 0.5rem 0.75rem; border-radius: 6px; }
.nav a:hover { background: var(--sidebar-hover); color: #fff; }
.nav a[aria-current='page'] { background: var(--sidebar-hover); color: #fff; font-weight: 600; }
.main { padding: 2rem clamp(1rem, 4vw, 3rem); max-width: 960px; width: 100%; min-width: 0; }
.main:focus { outline: none; }

.tray { margin-top: auto; position: relative; }
.tray-details > summary { list-style: none; }
.tray-details > summary::-webkit-details-marker { display: none; }
.tray-toggle { display: flex; align-items: center; gap: 0.6rem; width: 100%; padding: 0.5rem; border: 1px solid #374151; border-radius: var(--radius); background: transparent; color: #fff; font: inherit; font-weight: 600; cursor: pointer; text-align: left; }
.tray-toggle:hover { background: var(--sidebar-hover); }
.tray-toggle::after { content: ''; margin-left: auto; border: 5px solid transparent; border-bottom-color: var(--sidebar-muted); transform: translateY(-3px); }
.avatar { display: inline-grid; place-items: center; width: 2rem; height: 2rem; border-radius: 6px; background: var(--primary); color: #fff; font-weight: 700; flex: none; }
.tray-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tray-menu { position: absolute; left: 0; right: 0; bottom: calc(100% + 0.5rem); background: var(--surface); color: var(--text); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: 0 12px 24px rgba(16, 24, 40, 0.18); padding: 0.5rem; z-index: 5; }
.tray-menu[hidden] { display: none; }
.tray-who { display: flex; flex-direction: column; padding: 0.25rem 0.5rem 0.5rem; border-bottom: 1px solid var(--border); margin-bottom: 0.25rem; font-size: 0.875rem; }
.tray-email { font-weight: 600; overflow-wrap: anywhere; }
.tray-role, .tray-heading { color: var(--muted); font-size: 0.8rem; }
.tray-heading { margin: 0.5rem 0.5rem 0.25rem; }
.tray-links { list-style: none; margin: 0; padding: 0; }
.tray-links a, .link-button { display: block; width: 100%; text-align: left; padding: 0.45rem 0.5rem; border-radius: 6px; color: var(--text); text-decoration: none; background: none; border: 0; font: inherit; cursor: pointer; }
.tray-links a:hover, .link-button:hover { background: var(--bg); }
.tray-sign-out { border-top: 1px solid var(--border); margin-top: 0.25rem; padding-top: 0.25rem; }

/* Content */
.page-header { margin-bottom: 1.5rem; }
.breadcrumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; padding: 0; margin: 0 0 0.75rem; font-size: 0.875rem; color: var(--muted); }
.breadcrumbs li + li::before { content: '/'; margin-right: 0.4rem; }
.panel, .card, .tile { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.panel { padding: 1.5rem; margin-bottom: 1.25rem; }
.panel-head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-bottom: 0.75rem; }
.panel-head h2 { margin: 0; }
.panel.danger { border-color: #fecdca; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 1rem; }
.tile { padding: 1.25rem; }
.tile h2 { font-size: 0.95rem; color: var(--muted); font-weight: 600; }
.tile-value { font-size: 1.75rem; font-weight: 700; margin-bottom: 0.25rem; }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0.15rem 0.6rem; border-radius: 999px; }
.badge-on { background: var(--success-bg); color: var(--success); }
.badge-off { background: #f2f4f7; color: var(--muted); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 0.75rem 1.5rem; margin: 1rem 0; }
.facts dt { font-size: 0.8rem; color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.notes { padding-left: 1.25rem; color: var(--muted); }
.link-list { list-style: none; margin: 0; padding: 0; }
.link-row { padding: 0.75rem 0; border-top: 1px solid var(--border); }
.link-row:first-child { border-top: 0; }
.link-title { font-weight: 600; }
.link-desc { margin: 0.15rem 0 0; color: var(--muted); font-size: 0.9rem; }
.link-list.compact li { padding: 0.35rem 0; }
.empty { color: var(--muted); margin: 0; }

/* Forms */
.stack > * + * { margin-top: 1rem; }
.field label, fieldset legend { display: block; font-weight: 600; margin-bottom: 0.35rem; }
.field + .field { margin-top: 1rem; }
.field.inline { display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; }
.field.inline label { margin: 0; font-weight: 500; }
input[type='text'], input[type='email'], input[type='password'], input:not([type]), select {
  width: 100%; font: inherit; padding: 0.55rem 0.7rem; border: 1px solid #c9ced8; border-radius: 6px; background: #fff; color: var(--text);
}
select { width: auto; }
input.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9rem; }
input[readonly] { background: #f9fafb; }
input:focus-visible, select:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; border-color: var(--focus); }
.check { display: flex; align-items: flex-start; gap: 0.5rem; }
.check input { width: 1.1rem; height: 1.1rem; margin: 0.2rem 0 0; flex: none; accent-color: var(--primary); }
.check label { font-weight: 500; }
fieldset.overlap { border: 1px solid var(--border); border-radius: var(--radius); padding: 1rem; margin: 1rem 0 0; }
fieldset.overlap legend { padding: 0 0.35rem; font-size: 0.95rem; }
.overlap-options { margin: 0.75rem 0 0 1.6rem; display: grid; gap: 0.75rem; }
.copy-row { display: flex; gap: 0.5rem; }
.copy-row input { flex: 1; min-width: 0; }
.button { display: inline-flex; align-items: center; justify-content: center; gap: 0.4rem; font: inherit; font-weight: 600; padding: 0.55rem 1rem; border-radius: 6px; border: 1px solid transparent; cursor: pointer; text-decoration: none; white-space: nowrap; }
.button.primary { background: var(--primary); color: var(--primary-text); }
.button.primary:hover { background: var(--primary-hover); color: var(--primary-text); }
.button.secondary { background: #fff; color: var(--text); border-color: #c9ced8; }
.button.secondary:hover { background: var(--bg); color: var(--text); }
.button.danger { background: var(--danger); color: #fff; }
.button.danger-outline { background: #fff; color: var(--danger); border-color: #fda29b; }
.button:disabled { opacity: 0.5; cursor: not-allowed; }
.actions { display: flex; gap: 0.75rem; flex-wrap: wrap; }
.alert { padding: 0.75rem 1rem; border-radius: 6px; border: 1px solid; }
.alert-error { background: var(--danger-bg); border-color: #fecdca; color: var(--danger); }
.alert-warning { background: var(--warning-bg); border-color: var(--warning-border); color: #7a2e0e; }

/* Tables */
.panel.table-panel { padding: 0; }
td:first-child { white-space: nowrap; }
.table-panel .empty { padding: 1.5rem; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.65rem 1rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); background: #f9fafb; }
tbody tr:last-child td { border-bottom: 0; }
td.detail { color: var(--muted); min-width: 16rem; }
td.mono { white-space: nowrap; }
td.wide { min-width: 18rem; }
td.nowrap, .nowrap { white-space: nowrap; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.table-scroll:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
/* Form rows in a table (Roles and attributes): fields keep a usable width; the table scrolls instead. */
td input:not([type]) { min-width: 9rem; }
.panel-title { padding: 1rem 1rem 0; margin: 0; }
.panel-foot { padding: 0.75rem 1rem; margin: 0; border-top: 1px solid var(--border); }
.small { font-size: 0.8rem; }
.badge-error { background: var(--danger-bg); color: var(--danger); }
.alert-info { background: #eff6ff; border-color: #bfdbfe; color: #1e3a8a; }
.tile-value a { text-decoration: none; }
.tile-unit { font-size: 0.9rem; font-weight: 500; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; }
.filters .field { margin: 0; flex: 1 1 11rem; min-width: 0; }
.filters input, .filters select { width: 100%; }
.filter-actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
.pager { display: flex; gap: 0.5rem; justify-content: flex-end; padding: 0.75rem 1rem; border-top: 1px solid var(--border); }
.code-block { background: #f9fafb; border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem; overflow: auto; max-height: 28rem; font-size: 0.85rem; white-space: pre; }
.plain-list { list-style: none; margin: 0; padding: 0; }
.inline-list { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.steps li { margin-bottom: 0.5rem; }
.chart { margin: 1rem 0 0; }
.chart-scroll { overflow-x: auto; }
.chart svg { display: block; max-width: none; }
.chart figcaption { font-size: 0.85rem; color: var(--muted); margin-top: 0.4rem; }
.bar-requests { fill: #94a3b8; }
.bar-errors { fill: #d92d20; }
.chart-axis { stroke: var(--border); stroke-width: 1; }
.test-results li { margin-bottom: 0.35rem; }

/* Pages without the shell */
.plain-main { max-width: 30rem; margin: 0 auto; padding: 3rem 1rem; }
.card { padding: 2rem; }
.card .button.primary { width: 100%; }
.card h1 { margin-bottom: 1rem; }

/* Phones: the sidebar becomes a top bar; the tray opens downwards. */
@media (max-width: 760px) {
  .shell { grid-template-columns: minmax(0, 1fr); background: none; }
  .sidebar { min-width: 0; }
  .sidebar { position: static; height: auto; flex-direction: row; flex-wrap: wrap; align-items: center; gap: 0.5rem; padding: 0.75rem; }
  .brand { padding: 0 0.5rem; }
  .nav { order: 3; width: 100%; overflow-x: auto; }
  .nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem; }
  .nav a { white-space: nowrap; }
  .tray { margin: 0 0 0 auto; max-width: 60%; }
  .tray-menu { top: calc(100% + 0.5rem); bottom: auto; left: auto; right: 0; min-width: 15rem; }
  .main { padding: 1.25rem 1rem; }
  .tray-toggle::after { border-bottom-color: transparent; border-top-color: var(--sidebar-muted); transform: translateY(3px); }
  .panel, .card { padding: 1.1rem; }
  .copy-row { flex-direction: column; }
  .overlap-options { margin-left: 0; }
}
`;
