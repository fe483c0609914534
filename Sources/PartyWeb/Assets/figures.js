// partystats serve, 指标 / 同比 / 报告: the documents of `indicators --json` and
// `compare --json` as tables and charts, and the two downloads.
"use strict";
(() => {
  const page = document.body.dataset.page;
  const latest = years => years.length ? Math.max(...years) : null;
  const byValue = entries => entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

  async function indicators() {
    const years = await yearOptions($("year"), latest);
    if (!years.length) { setStatus("数据库中还没有数据：请先在“导入”页导入报表"); return; }
    const show = async () => {
      setStatus("正在计算…");
      try {
        const [d, names] = await Promise.all([api(`/api/indicators?year=${$("year").value}`), labels()]);
        render(d, names);
        setStatus("");
      } catch (e) { setStatus(e.message, true); }
    };
    $("year").addEventListener("change", show);
    await show();
  }

  function render(d, names) {
    $("content").hidden = false;
    $("title").textContent = `${d.year} 年党建统计指标（年龄按 ${d.year}-12-31 计算）`;
    fillTable($("members"), ["指标", "人数", "占比"], Object.keys(d.members).map(k => [names.members[k] ?? k,
      { text: Format.count(d.members[k]), n: true, figure: "members." + k },
      { text: k === "total" ? "" : Format.percent(d.ratios[k]), n: true, figure: k === "total" ? null : "ratios." + k }]));
    const o = d.organisations;
    fillTable($("organisations"), ["", "数量"], [["党委", { text: Format.count(o.committees), n: true, figure: "organisations.committees" }],
      ["党总支", { text: Format.count(o.general_branches), n: true, figure: "organisations.general_branches" }],
      ["党支部", { text: Format.count(o.branches), n: true, figure: "organisations.branches" }],
      ["报表党员数", { text: Format.count(o.members_reported), n: true, figure: "organisations.members_reported" }],
      ["党员服务中心", { text: Format.count(d.service_centres.centres), n: true, figure: "service_centres.centres" }]]);
    const f = d.funding;
    fillTable($("funding"), ["", "金额（元）"], [["合计", { text: Format.yuan(f.total), n: true, figure: "funding.total" }],
      ["笔数", { text: Format.count(f.records), n: true, figure: "funding.records" }],
      ["人数", { text: Format.count(f.recipients), n: true, figure: "funding.recipients" }],
      ...Object.entries(f.by_source).map(([k, v]) => ["来源：" + k, { text: Format.yuan(v), n: true, figure: "funding.by_source." + k }])]);
    const categories = Object.entries(d.coverage.by_category);
    fillTable($("coverage"), ["类别", "单位数", "已建党组织", "覆盖率"], [...categories, ["合计", d.coverage.overall]].map(([k, c]) =>
      [k, { text: Format.count(c.units), n: true }, { text: Format.count(c.covered), n: true },
        { text: Format.percent(c.ratio), n: true, figure: k === "合计" ? "coverage.overall.ratio" : null }]),
      i => i === categories.length ? "total" : null);
    fillTable($("townships"), ["乡镇", "党员", "女党员", "农村党员", "流动党员", "流动占比", "报表党员数", "党组织覆盖率", "帮扶资金（元）"],
      d.townships.map(t => [t.township, { text: Format.count(t.members), n: true, figure: "townships." + t.township + ".members" },
        { text: Format.count(t.women), n: true }, { text: Format.count(t.rural), n: true }, { text: Format.count(t.mobile), n: true },
        { text: Format.percent(t.mobile_ratio), n: true }, { text: Format.count(t.members_reported), n: true },
        { text: Format.percent(t.coverage.ratio), n: true }, { text: Format.yuan(t.funding), n: true }]));
    fillTable($("checks"), ["级别", "代码", "位置", "说明"], d.checks.length ? d.checks.map(c =>
      [c.severity === "warning" ? "警告" : c.severity, c.code, c.location, c.message]) : [["—", "—", "—", "未发现问题"]]);
    Charts.bars($("chart-coverage"), byValue(categories.map(([k, c]) => [k, c.ratio ?? 0])).map(([k, r]) =>
      ({ label: k, values: [r], text: Format.percent(r) })), { max: 1 });
    Charts.bars($("chart-mobile"), byValue(d.townships.map(t => [t.township, t.mobile_ratio ?? 0])).map(([k, r]) =>
      ({ label: k, values: [r], text: Format.percent(r) })));
    Charts.bars($("chart-sources"), byValue(Object.entries(f.by_source).map(([k, v]) => [k, Number(v)])).map(([k, v]) =>
      ({ label: k, values: [v], text: Format.yuan(v.toFixed(2)) })));
  }

  async function comparison() {
    const years = await yearOptions($("to"), latest);
    await yearOptions($("from"), ys => ys.filter(y => y < latest(ys)).pop() ?? null);
    if (years.length < 2) { setStatus("同比需要两个年度的数据：请先在“导入”页导入两个年度的报表"); return; }
    const show = async () => {
      if ($("from").value === $("to").value) { setStatus("基期与报告期不能是同一年度", true); return; }
      setStatus("正在计算…");
      try {
        renderComparison(await api(`/api/compare?from=${$("from").value}&to=${$("to").value}`));
        setStatus("");
      } catch (e) { setStatus(e.message, true); }
    };
    $("from").addEventListener("change", show);
    $("to").addEventListener("change", show);
    await show();
  }

  function renderComparison(c) {
    const m = c.members;
    $("content").hidden = false;
    $("title").textContent = `${c.from}→${c.to} 年同比`;
    $("identity").textContent = `核算：${m.arithmetic}（${c.to} 年 = ${c.from} 年 + 新增 − 减少 + ${c.to} 年无号 − ${c.from} 年无号）`;
    const flows = [[`${c.from} 年党员`, m.from, "from"], [`新增（${c.to} 年有、${c.from} 年无）`, m.joined, "joined"],
      [`减少（${c.from} 年有、${c.to} 年无）`, m.left, "left"], [`${c.to} 年无身份证号`, m.without_id_to, "without_id_to"],
      [`${c.from} 年无身份证号`, m.without_id_from, "without_id_from"], [`${c.to} 年党员`, m.to, "to"],
      ["其中跨乡镇转移", m.transferred, "transferred"]];
    fillTable($("flows"), ["项目", "人数"], flows.map(([label, n, key]) => [label, { text: Format.count(n), n: true, figure: "members." + key }]));
    Charts.bars($("chart-flows"), flows.slice(1, 5).map(([label, n]) => ({ label: label.replace(/（.*/, ""), values: [n], text: Format.count(n) })));
    Charts.bars($("chart-townships"), c.townships.map(t => ({ label: t.township, values: [t.members_from, t.members_to],
      text: (t.delta > 0 ? "+" : "") + Format.count(t.delta) })), { series: [`${c.from} 年`, `${c.to} 年`], width: 560 });
    const value = (v, unit) => v === null || v === undefined ? "—" : unit === "ratio" ? Format.percent(v) : unit === "fen" || unit === "yuan" ? Format.yuan(v) : Format.count(v);
    const sign = v => v > 0 ? "+" : "";
    // As the command line prints a change: a ratio's in percentage points.
    const delta = (v, unit) => v === null || v === undefined ? "—" : unit === "ratio" ? sign(v) + (v * 100).toFixed(1) + " 个百分点"
      : sign(v) + value(v, unit);
    fillTable($("indicators"), ["指标", String(c.from), String(c.to), "增减", "变化率"], c.indicators.map(i =>
      [i.label, { text: value(i.from, i.unit), n: true }, { text: value(i.to, i.unit), n: true, figure: "indicators." + i.name },
        { text: delta(i.delta, i.unit), n: true }, { text: Format.percent(i.change), n: true }]));
    fillTable($("townships"), ["乡镇", String(c.from), String(c.to), "增减", "新增", "减少", "转入", "转出"], c.townships.map(t =>
      [t.township, { text: Format.count(t.members_from), n: true }, { text: Format.count(t.members_to), n: true },
        { text: Format.count(t.delta), n: true }, { text: Format.count(t.joined), n: true }, { text: Format.count(t.left), n: true },
        { text: Format.count(t.transferred_in), n: true }, { text: Format.count(t.transferred_out), n: true }]));
  }

  async function downloads() {
    const years = await yearOptions($("year"), latest);
    await yearOptions($("compare"), ys => ys.filter(y => y < latest(ys)).pop() ?? "", true);
    const update = () => {
      const year = $("year").value, compare = $("compare").value;
      $("download-report").href = `/report?year=${year}` + (compare && compare !== year ? `&compare=${compare}` : "");
      $("download-export").href = `/export?year=${year}`;
    };
    if (!years.length) { setStatus("数据库中还没有数据：请先在“导入”页导入报表"); return; }
    $("year").addEventListener("change", update);
    $("compare").addEventListener("change", update);
    update();
  }

  const run = { indicators, compare: comparison, report: downloads }[page];
  if (run) run().catch(e => setStatus(e.message, true));
})();
