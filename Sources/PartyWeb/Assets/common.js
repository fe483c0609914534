// partystats serve: what every page shares. The page shows what the API answers (the
// documents of the command line's --json) and computes nothing of its own.
"use strict";
const $ = id => document.getElementById(id);

// An element with attributes (class, data-*, …) and children (nodes or text).
function el(tag, attributes, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v; else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

// Fills a table: headers, then rows of cells; a cell is text or {text, n (number), cls, figure, node}.
function fillTable(table, headers, rows, rowClass) {
  const head = el("tr", {}, headers.map(h => el("th", {}, h)));
  const body = rows.map((row, i) => el("tr", { class: rowClass ? rowClass(i) : null }, row.map(cell => {
    if (cell === null || typeof cell !== "object") return el("td", {}, cell === null ? "—" : cell);
    return el("td", { class: cell.n ? "n" : cell.cls, "data-figure": cell.figure }, cell.node || (cell.text ?? "—"));
  })));
  table.replaceChildren(el("thead", {}, head), el("tbody", {}, body));
}

const Format = {
  count: n => (n === null || n === undefined) ? "—" : Number(n).toLocaleString("en-US"),
  percent: r => (r === null || r === undefined) ? "—" : (r * 100).toFixed(1) + "%",
  // Amounts arrive as decimal strings in 元 ("350000.00"); separators only are added.
  yuan: s => {
    if (s === null || s === undefined) return "—";
    const [whole, part] = String(s).split(".");
    const sign = whole.startsWith("-") ? "-" : "";
    return sign + whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (part !== undefined ? "." + part : "");
  },
  bytes: n => n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + " MiB" : Math.max(1, Math.round(n / 1024)) + " KiB",
};

// The API's answer as JSON; a refusal becomes an Error carrying the error document.
async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  const text = await response.text();
  let body = null;
  try { body = JSON.parse(text); } catch (e) { body = null; }
  if (!response.ok) {
    const error = new Error(body && body.errors ? body.errors.map(e => e.message + " [" + e.code + "]").join("；") : text);
    error.document = body;
    error.status = response.status;
    throw error;
  }
  return body;
}

// The labels the command line prints (kinds, fields, skip reasons, member figures).
let labelsPromise = null;
function labels() {
  if (!labelsPromise) labelsPromise = api("/api/labels");
  return labelsPromise;
}

// Fills a year <select> with the stored years; `choose` picks the selected one.
async function yearOptions(select, choose, allowNone) {
  const { years } = await api("/api/years");
  select.replaceChildren(...(allowNone ? [el("option", { value: "" }, "不对比")] : []),
    ...years.map(y => el("option", { value: y }, y + " 年")));
  const chosen = choose(years);
  if (chosen !== undefined && chosen !== null) select.value = String(chosen);
  return years;
}

function setStatus(text, isError) {
  const status = $("status");
  status.textContent = text;
  status.className = isError ? "error" : "muted";
}
