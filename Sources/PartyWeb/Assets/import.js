// partystats serve, 导入: choose files, upload them, show what the import did.
"use strict";
(() => {
  let chosen = [];          // [{file, name}] name: the path inside a dropped folder, else the file name
  let lastResult = null;

  async function entriesOf(entry, prefix) {
    if (entry.isFile) return [await new Promise((ok, fail) => entry.file(f => ok({ file: f, name: prefix + f.name }), fail))];
    const reader = entry.createReader(), out = [];
    for (;;) {
      const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
      if (!batch.length) break;
      for (const child of batch) out.push(...await entriesOf(child, prefix + entry.name + "/"));
    }
    return out;
  }

  function choose(files) {
    chosen = files;
    const bytes = files.reduce((sum, f) => sum + f.file.size, 0);
    $("chosen").textContent = files.length ? `已选择 ${files.length} 个文件，共 ${Format.bytes(bytes)}` : "尚未选择文件";
    $("start").disabled = files.length === 0;
  }

  function setup() {
    const drop = $("drop");
    drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", async e => {
      e.preventDefault();
      drop.classList.remove("over");
      const entries = [...e.dataTransfer.items].map(i => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
      if (entries.length) choose((await Promise.all(entries.map(en => entriesOf(en, "")))).flat());
      else choose([...e.dataTransfer.files].map(f => ({ file: f, name: f.name })));
    });
    $("pick-files").addEventListener("click", () => $("files").click());
    $("pick-folder").addEventListener("click", () => $("folder").click());
    $("files").addEventListener("change", e => choose([...e.target.files].map(f => ({ file: f, name: f.name }))));
    $("folder").addEventListener("change", e => choose([...e.target.files].map(f => ({ file: f, name: f.webkitRelativePath || f.name }))));
    $("start").addEventListener("click", () => run(chosen, false));
    $("reimport").addEventListener("click", () => run(chosen, false));
    $("skip-unrecognised").addEventListener("click", () => run(chosen, true));
    $("inspect-unrecognised").addEventListener("click", inspectUnrecognised);
    $("drop-unreadable").addEventListener("click", () => {
      const bad = new Set(unreadable().map(e => e.file));
      choose(chosen.filter(f => !bad.has(f.name)));
      run(chosen, false);
    });
    for (const id of ["filter-severity", "filter-code", "filter-file"]) $(id).addEventListener("change", showProblems);
    api("/api/years").then(({ years }) => {
      $("year").value = years.length ? Math.max(...years) : new Date().getFullYear() - 1;
    }).catch(e => setStatus(e.message, true));
  }

  let failureDocument = null;
  const unrecognised = () => (failureDocument?.errors || []).filter(e => e.code === "file.unrecognised");
  const unreadable = () => (failureDocument?.errors || []).filter(e => e.code !== "file.unrecognised");

  function form(files) {
    const data = new FormData();
    for (const f of files) data.append("files", f.file, f.name);
    return data;
  }

  // Uploads with a progress bar (bytes sent, then the import's own progress).
  function run(files, skipUnrecognised) {
    const year = $("year").value;
    $("start").disabled = true;
    $("result").hidden = true;
    $("failure").hidden = true;
    const bar = $("progress");
    bar.hidden = false;
    bar.value = 0;
    setStatus("正在上传…");
    const xhr = new XMLHttpRequest();
    let polling = null;
    xhr.open("POST", `/api/imports?year=${encodeURIComponent(year)}${skipUnrecognised ? "&skip_unrecognised=1" : ""}`);
    xhr.upload.onprogress = e => { if (e.lengthComputable) bar.value = e.loaded / e.total; };
    xhr.upload.onload = () => {
      bar.value = 0;
      setStatus("正在导入…");
      polling = setInterval(async () => {
        try {
          const p = await api("/api/imports/progress");
          if (p.running) {
            bar.value = p.bytes_total ? p.bytes_done / p.bytes_total : 0;
            setStatus(`正在导入第 ${p.file_index + 1}/${p.file_count} 个文件：${p.file}（已读 ${Format.count(p.rows)} 行）`);
          }
        } catch (e) { /* the import's own answer tells */ }
      }, 300);
    };
    xhr.onloadend = () => {
      clearInterval(polling);
      bar.hidden = true;
      $("start").disabled = chosen.length === 0;
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status === 200) { setStatus(`${year} 年导入完成`); showResult(body); return; }
      if (xhr.status === 422 && body && body.errors) { setStatus("导入失败，未写入任何数据", true); showFailure(body); return; }
      setStatus(body && body.errors ? body.errors.map(e => e.message + " [" + e.code + "]").join("；")
        : `导入失败（HTTP ${xhr.status || "连接中断"}）`, true);
    };
    xhr.send(form(files));
  }

  function showFailure(document) {
    failureDocument = document;
    $("failure").hidden = false;
    fillTable($("failure-table"), ["文件", "工作表", "行", "代码", "原因"],
      document.errors.map(e => [e.file ?? "—", e.sheet ?? "—", e.row ?? "—", e.code, e.message]));
    $("unrecognised").hidden = unrecognised().length === 0;
    $("unrecognised-count").textContent = unrecognised().length;
    $("unreadable").hidden = unreadable().length === 0 || unreadable().length === document.errors.length && chosen.length <= unreadable().length;
    $("inspection").replaceChildren();
  }

  // How each sheet of the unrecognised files was read (inspect --json).
  async function inspectUnrecognised() {
    const names = new Set(unrecognised().map(e => e.file));
    try {
      const doc = await api("/api/inspect", { method: "POST", body: form(chosen.filter(f => names.has(f.name))) });
      const out = [];
      for (const file of doc.files) for (const sheet of file.sheets) {
        out.push(el("h3", {}, `${file.path}：工作表「${sheet.sheet}」${sheet.kindName ? "识别为" + sheet.kindName : "未识别"}`));
        const t = el("table");
        fillTable(t, ["列", "表头", "字段", "说明"], sheet.columns.map(c =>
          [c.column, c.header, c.field ?? "—", c.status + (c.nearest ? `；最接近 ${c.nearest.field}「${c.nearest.alias}」` : "")]));
        out.push(t);
        if (sheet.mapping) out.push(el("pre", {}, sheet.mapping));
      }
      $("inspection").replaceChildren(...out);
    } catch (e) { setStatus(e.message, true); }
  }

  async function showResult(doc) {
    lastResult = doc;
    const names = await labels();
    $("result").hidden = false;
    const s = doc.summary;
    $("summary").replaceChildren(`共 ${s.files} 个文件：导入 `, el("b", { "data-figure": "summary.imported" }, Format.count(s.imported)),
      " 行，拒绝 ", el("b", { "data-figure": "summary.rejected" }, Format.count(s.rejected)),
      " 行，警告 ", el("b", { "data-figure": "summary.warnings" }, Format.count(s.warnings)), " 条",
      doc.replaced.length ? `（替换了先前导入的 ${doc.replaced.length} 个文件）` : "");
    const rows = [];
    for (const file of doc.files) for (const sheet of file.sheets) {
      const skipped = Object.entries(sheet.skipped).map(([k, n]) => `${names.skip_reasons[k] ?? k} ${n}`).join("，");
      rows.push([file.path, sheet.sheet + (sheet.hidden ? "（隐藏）" : ""), names.kind_names[sheet.kind] ?? sheet.kind,
        { node: evidence(sheet, names), cls: "evidence" }, { text: Format.count(sheet.rows_read), n: true },
        { text: Format.count(sheet.imported), n: true }, { text: Format.count(sheet.rejected), n: true }, skipped,
        { text: Format.count(sheet.warnings), n: true }]);
    }
    fillTable($("sheets"), ["文件", "工作表", "识别为", "依据", "读取行", "导入", "拒绝", "跳过", "警告"], rows);
    showUnmapped(doc, names);
    const options = (id, all, values) => $(id).replaceChildren(el("option", { value: "" }, all),
      ...values.map(([v, text]) => el("option", { value: v }, text)));
    const counts = key => Object.entries(doc.problems.reduce((m, p) => (m[p[key]] = (m[p[key]] || 0) + 1, m), {}));
    options("filter-severity", "全部", counts("severity").map(([v, n]) => [v, `${v === "reject" ? "拒绝" : "警告"}（${n}）`]));
    options("filter-code", "全部", counts("code").sort().map(([v, n]) => [v, `${v}（${n}）`]));
    options("filter-file", "全部", counts("file").sort().map(([v, n]) => [v, `${v}（${n}）`]));
    showProblems();
  }

  // The kind's score and its strongest columns; every column in the tooltip.
  function evidence(sheet, names) {
    const score = sheet.evidence?.scores?.find(s => s.kind === sheet.kind) || sheet.evidence?.scores?.[0];
    if (!score) return "—";
    const reasons = score.reasons.filter(r => r.weight > 0).sort((a, b) => b.weight - a.weight);
    const all = reasons.map(r => `${r.column}「${r.header}」${r.field} +${r.weight}`).join("；");
    const top = reasons.slice(0, 3).map(r => `${r.column}「${r.header}」`).join("、");
    const others = (sheet.evidence.scores.length > 1 ? `；另有 ${sheet.evidence.scores.length - 1} 种类型得分` : "");
    return el("span", { title: all }, `${names.kind_names[score.kind] ?? score.kind} ${score.score} 分：${top}` +
      (reasons.length > 3 ? ` 等 ${reasons.length} 列` : "") + others);
  }

  const shownProblems = 200;
  async function showProblems() {
    const doc = lastResult;
    const severity = $("filter-severity").value, code = $("filter-code").value, file = $("filter-file").value;
    const matching = doc.problems.filter(p => (!severity || p.severity === severity) && (!code || p.code === code) && (!file || p.file === file));
    const shown = matching.slice(0, shownProblems);
    $("problem-count").textContent = `${matching.length} 条` + (matching.length > shown.length ? `，显示前 ${shown.length} 条` : "");
    const rowCells = shown.map(() => el("span", { class: "rowcells" }, "…"));
    fillTable($("problems"), ["级别", "代码", "文件", "工作表", "行", "列", "表头", "值", "说明", "该行（读取所得）"],
      shown.map((p, i) => [p.severity === "reject" ? "拒绝" : "警告", p.code, p.file, p.sheet ?? "—", p.row ?? "—",
        p.column ?? "—", p.header ?? "—", p.value ?? "—", p.message, { node: rowCells[i] }]),
      i => shown[i].severity === "reject" ? "reject" : null);
    // The rows as read, a request per file and sheet.
    const groups = new Map();
    shown.forEach((p, i) => {
      if (!p.sheet || !p.row) { rowCells[i].textContent = "—"; return; }
      const key = p.file + "\u0000" + p.sheet;
      if (!groups.has(key)) groups.set(key, { file: p.file, sheet: p.sheet, items: [] });
      groups.get(key).items.push([p.row, i]);
    });
    for (const g of groups.values()) {
      const rows = [...new Set(g.items.map(([r]) => r))].join(",");
      api(`/api/rows?file=${encodeURIComponent(g.file)}&sheet=${encodeURIComponent(g.sheet)}&rows=${rows}`).then(({ rows }) => {
        const byRow = new Map(rows.map(r => [r.row, r.cells]));
        for (const [row, i] of g.items) rowCells[i].textContent = (byRow.get(row) || []).filter(c => c !== "").join(" | ") || "—";
      }).catch(() => { for (const [, i] of g.items) rowCells[i].textContent = "（无法读取）"; });
    }
  }

  // Unmapped columns (column.unmapped), each with a choice of field saved to the mapping file.
  function showUnmapped(doc, names) {
    const seen = new Map();
    for (const p of doc.problems) if (p.code === "column.unmapped" && p.header && !seen.has(p.header)) seen.set(p.header, p);
    $("unmapped").hidden = seen.size === 0;
    $("reimport").disabled = true;
    const rows = [...seen.values()].map(p => {
      const select = el("select", {}, el("option", { value: "" }, "（选择字段）"),
        names.kinds.map(k => el("optgroup", { label: k.name }, k.fields.map(f => el("option", { value: f.field }, `${f.label}（${f.field}）`)))));
      const save = el("button", { type: "button" }, "保存");
      const note = el("span", { class: "muted" });
      save.addEventListener("click", async () => {
        if (!select.value) { note.textContent = "请先选择字段"; return; }
        try {
          const r = await api("/api/mapping", { method: "POST", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ field: select.value, header: p.header }) });
          $("mapping-path").textContent = r.mapping;
          note.textContent = r.added ? "已保存" : "映射文件中已有";
          note.className = "ok";
          $("reimport").disabled = false;
        } catch (e) { note.textContent = e.message; note.className = "error"; }
      });
      return [p.header, `${p.file}「${p.sheet ?? ""}」${p.column ?? ""} 列`, { node: el("span", {}, select, " ", save, " ", note) }];
    });
    fillTable($("unmapped-table"), ["表头", "位置", "对应字段"], rows);
  }

  setup();
})();
