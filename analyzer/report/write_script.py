"""The HTML report's one inline script: sort any table by a header click, filter its rows.

It works on every ``<table>`` with a ``<thead>`` (sections added later get it too) and
only adds to a page that reads whole without it: the controls are made by the script,
so with scripts off or on paper the page is the plain tables. Cells sort by their
``data-v`` value when they have one (counts, shares, days and times as values, not as
text in the report's language), else by their text; empty cells sort last.
"""

from __future__ import annotations

from html import escape

from analyzer.render.words import Labels

CSS = """
.tools { display: flex; align-items: center; gap: 10px; margin: 4px 0 6px; }
.tools input { font: inherit; font-size: 13px; padding: 3px 8px; width: 22em; max-width: 60%;
  border: 1px solid #c5cdd4; border-radius: 5px; }
.tools input:focus { outline: 2px solid var(--accent); outline-offset: -1px; }
.tools .count { color: var(--muted); font-size: 12.5px; }
th button { all: unset; cursor: pointer; }
th button:hover { color: var(--ink); }
th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
th[aria-sort] button { color: var(--ink); }
th button::after { content: "\\00a0\\2195"; opacity: .35; font-size: 11px; }
th[aria-sort=ascending] button::after { content: "\\00a0\\25B2"; opacity: .9; }
th[aria-sort=descending] button::after { content: "\\00a0\\25BC"; opacity: .9; }
table.live tbody tr:nth-child(even) td { background: none; }
table.live tbody tr.alt td { background: #f9fafb; }
@media print {
  .tools { display: none; }
  th button::after, th[aria-sort] button::after { content: none; }
  table.live tbody tr[hidden] { display: table-row; }  /* paper has every row, striped */
  table.live tbody tr.alt td { background: none; }
  table.live tbody tr:nth-child(even) td { background: #f9fafb; }
}
"""

# Plain ES5 so it runs in any browser a report is opened in; no network, no storage.
SCRIPT = """
(function () {
  "use strict";
  var words = document.body.dataset;
  var FILTER_ROWS = 6;  // a shorter table is read at a glance, a filter box would be clutter
  function key(cell) {
    var v = cell ? cell.getAttribute("data-v") : null;
    return v !== null ? v : (cell ? cell.textContent.trim() : "");
  }
  function compare(numeric) {
    if (numeric) {
      return function (a, b) { return a - b; };
    }
    var collator = new Intl.Collator(document.documentElement.lang, { numeric: true });
    return collator.compare;
  }
  function stripe(rows) {
    var n = 0;
    rows.forEach(function (row) {
      row.classList.toggle("alt", !row.hidden && n++ % 2 === 1);
    });
  }
  function sortBy(table, th, index) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = th.classList.contains("num");
    var first = numeric || th.dataset.kind === "time" ? "descending" : "ascending";
    var now = th.getAttribute("aria-sort");
    var order = now ? (now === "ascending" ? "descending" : "ascending") : first;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", order);
    var cmp = compare(numeric);
    var keyed = rows.map(function (row) {
      var k = key(row.cells[index]);
      var v = numeric ? parseFloat(k) : k;
      var missing = numeric ? isNaN(v) : (k === "" || k === "\\u2013");
      return { row: row, v: v, missing: missing };
    });
    keyed.sort(function (a, b) {
      if (a.missing || b.missing) { return a.missing - b.missing; }
      var c = cmp(a.v, b.v);
      return order === "ascending" ? c : -c;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    stripe(keyed.map(function (k) { return k.row; }));
  }
  function filter(table, text, count) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var wanted = text.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) < 0;
      if (!row.hidden) { shown++; }
    });
    stripe(rows);
    count.textContent = wanted === "" ? "" :
      words.filterCount.replace("{shown}", shown).replace("{total}", rows.length);
  }
  function controls(table) {
    var tools = document.createElement("div");
    tools.className = "tools";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = words.filterLabel;
    input.setAttribute("aria-label", words.filterLabel);
    var count = document.createElement("span");
    count.className = "count";
    count.setAttribute("aria-live", "polite");
    input.addEventListener("input", function () { filter(table, input.value, count); });
    tools.appendChild(input);
    tools.appendChild(count);
    var holder = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
    holder.parentNode.insertBefore(tools, holder);
  }
  function live(table) {
    if (!table.tHead || !table.tBodies.length || !table.tHead.rows.length) { return; }
    table.classList.add("live");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.title = words.sortHint;
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
    if (table.tBodies[0].rows.length >= FILTER_ROWS) { controls(table); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("table"), live);
})();
"""


def body_words(t: Labels) -> str:
    """The script's words, as attributes of ``<body>`` (escaped like any other text)."""
    count = t("filter_count", shown="{shown}", total="{total}")
    return (
        f' data-filter-label="{escape(t("filter_label"))}"'
        f' data-filter-count="{escape(count)}" data-sort-hint="{escape(t("sort_hint"))}"'
    )


def script_tag() -> str:
    return f"<script>{SCRIPT}</script>\n"
