/**
 * `/app.css`: calm and readable. Text colours keep at least 4.5:1 contrast on their
 * backgrounds (WCAG AA), chips carry words as well as colour, focus is always visible.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const appCss = String.raw`
:root {
  --ink: #1d2733; --muted: #4f5d6b; --line: #d5dbe2; --paper: #ffffff; --ground: #f3f5f8;
  --accent: #1d5bb8; --accent-ink: #ffffff;
  --ok-bg: #e2f3e8; --ok: #17603a;
  --bad-bg: #fbe7e7; --bad: #9d1c1c;
  --warn-bg: #fdf1d8; --warn: #7a4a00;
  --info-bg: #e5eefb; --info: #1b4f99;
  --wait-bg: #efe9fb; --wait: #55339a;
  --none-bg: #eceff2; --none: #46525e;
  color-scheme: light;
  font: 15px / 1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  background: var(--ground);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
main { flex: 1; width: 100%; max-width: 1180px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.25rem 0 1rem; font-weight: 650; }
h1:focus { outline: none; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.75rem; font-weight: 650; }
h3 { font-size: 1rem; margin: 0 0 0.5rem; display: flex; gap: 0.6rem; align-items: center; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; border-radius: 3px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.muted { color: var(--muted); }
.code, .id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
.lead { color: var(--muted); max-width: 60rem; margin-top: -0.5rem; }
.note-bad { color: var(--bad); }

.bar { display: flex; align-items: center; gap: 2rem; padding: 0.7rem 1.25rem; background: #16212e; color: #fff; }
.brand { color: #fff; font-weight: 700; text-decoration: none; letter-spacing: 0.02em; }
.bar nav { display: flex; align-items: center; gap: 1.25rem; flex: 1; }
.bar nav a { color: #dbe4ee; text-decoration: none; padding: 0.2rem 0; border-bottom: 2px solid transparent; }
.bar nav a[aria-current="page"] { color: #fff; border-bottom-color: #8db8f2; }
.bar nav a:hover { color: #fff; }
.bar .role { margin-left: auto; font-size: 0.85rem; color: #dbe4ee; border: 1px solid #4b5b6d; border-radius: 999px; padding: 0.1rem 0.6rem; }
.bar :focus-visible { outline-color: #8db8f2; }
button.link { background: none; border: 0; color: #dbe4ee; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
.foot { text-align: center; color: var(--muted); font-size: 0.85rem; padding: 1rem; }

.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.table-wrap { padding: 0; overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; vertical-align: top; padding: 0.65rem 1rem; border-bottom: 1px solid var(--line); }
thead th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; background: #f8f9fb; }
tbody tr:last-child > * { border-bottom: 0; }
tbody th { font-weight: 600; }
tr.overdue > :first-child { box-shadow: inset 4px 0 0 var(--bad); }
td.number { text-align: right; }
td.empty { text-align: center; color: var(--muted); padding: 2rem; }
.outcome > div + div { margin-top: 0.2rem; }

.chip { display: inline-block; font-size: 0.8rem; font-weight: 600; line-height: 1.2; padding: 0.2rem 0.55rem; border-radius: 999px; margin: 0 0.3rem 0.2rem 0; white-space: nowrap; background: var(--none-bg); color: var(--none); }
.chip-completed, .chip-acknowledged, .chip-verified { background: var(--ok-bg); color: var(--ok); }
.chip-needs_attention, .chip-failed, .chip-overdue { background: var(--bad-bg); color: var(--bad); }
.chip-retrying, .chip-due_soon { background: var(--warn-bg); color: var(--warn); }
.chip-in_progress, .chip-pending { background: var(--info-bg); color: var(--info); }
.chip-awaiting_ack { background: var(--wait-bg); color: var(--wait); }

.message { padding: 0.6rem 0.9rem; border-radius: 6px; border-left: 4px solid currentColor; }
.message:focus { outline: none; }
.message-ok { background: var(--ok-bg); color: var(--ok); }
.message-error { background: var(--bad-bg); color: var(--bad); }
.message-info { background: var(--info-bg); color: var(--info); }

button, input, select { font: inherit; color: inherit; }
button { cursor: pointer; border: 1px solid #9aa7b4; background: var(--paper); border-radius: 6px; padding: 0.35rem 0.8rem; }
button:hover { background: #eef2f6; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); padding: 0.5rem 1.2rem; }
button.primary:hover { background: #174b98; }
button:disabled { opacity: 0.6; cursor: progress; }
input, select { border: 1px solid #8795a3; border-radius: 6px; padding: 0.4rem 0.55rem; background: var(--paper); }
label { font-weight: 600; font-size: 0.9rem; }
.hint { display: block; color: var(--muted); font-size: 0.85rem; font-weight: 400; }

.filters { display: flex; flex-wrap: wrap; align-items: end; gap: 1rem 1.5rem; margin-bottom: 1rem; }
.field { display: flex; flex-direction: column; gap: 0.25rem; }
.field.check { flex-direction: row; align-items: center; gap: 0.4rem; padding-bottom: 0.45rem; }
.field.grow { flex: 1; min-width: 16rem; }

.sign-in { max-width: 30rem; display: flex; flex-direction: column; gap: 0.5rem; padding: 1.5rem; }
.sign-in fieldset { border: 0; padding: 0; margin: 0 0 0.75rem; display: flex; flex-direction: column; gap: 0.5rem; }
.sign-in legend { font-weight: 600; font-size: 0.9rem; margin-bottom: 0.5rem; }
.choice { display: flex; gap: 0.6rem; align-items: flex-start; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.75rem; cursor: pointer; }
.choice:has(input:checked) { border-color: var(--accent); background: #f4f8fe; }
.choice input { margin-top: 0.3rem; }
.sign-in button { align-self: flex-start; margin-top: 0.5rem; }

.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0.75rem 1.5rem; margin: 0; }
.facts dt { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.facts dd { margin: 0.1rem 0 0; }
details.card summary { cursor: pointer; font-weight: 600; }
.extension { display: flex; flex-wrap: wrap; align-items: end; gap: 1rem; margin-top: 1rem; }

.evidence { border-left: 5px solid var(--ok); }
.evidence.chain-broken { border-left-color: var(--bad); }
.evidence .chain { margin-top: 0; }
.chain-ok .chain strong { color: var(--ok); }
.chain-broken .chain strong { color: var(--bad); }

.group h3 { text-transform: none; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 2px solid var(--line); }
.timeline li { position: relative; display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; padding: 0.35rem 0; }
.timeline li::before { content: ""; position: absolute; left: calc(-1rem - 6px); top: 0.75rem; width: 10px; height: 10px; border-radius: 50%; background: var(--paper); border: 2px solid #8795a3; }
.timeline li.event-acknowledged::before, .timeline li.event-ack_received::before { border-color: var(--ok); background: var(--ok); }
.timeline li.event-failed::before { border-color: var(--bad); background: var(--bad); }
.timeline li.event-redrive::before, .timeline li.event-retry::before, .timeline li.event-extended::before { border-color: var(--accent); background: var(--accent); }
.timeline time { color: var(--muted); min-width: 11rem; font-variant-numeric: tabular-nums; }
.event-type { font-weight: 600; }
.timeline .detail { flex-basis: 100%; color: var(--ink); overflow-wrap: anywhere; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85rem; }

@media (max-width: 700px) {
  .bar { flex-wrap: wrap; gap: 0.75rem; }
  th, td { padding: 0.5rem; }
}
`;
