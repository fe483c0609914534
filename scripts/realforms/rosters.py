"""Member rosters as real systems and templates lay them out (README.md cites each)."""

import datetime as dt
import os

import openpyxl
import xlwt
from openpyxl.styles import Alignment

from common import (check_digit, EDU_CODES, GB3304, NATION_CODES, POST_CODES, XLS_CELL, XLS_HEAD, XLS_NOTE,
                    XLS_TITLE, YEAR, flags, member_figures, save_xlsx, write_gbk_csv, xl_date,
                    xl_text, xl_title, xls_cell, year_month_number, ymd)

NATION_CODE = {n.split(" ", 1)[1]: n for n in NATION_CODES}
EDU_CODE = {"研究生": "12 硕士研究生", "大学": "21 大学", "大专": "22 大专", "中专": "41 中等专科",
            "高中": "6 普通高中", "初中": "7 初中", "小学": "8 小学"}
POSTS_RURAL = ["11 农牧渔业生产人员", "124 其他农牧渔民", "123 外出务工经商人员", "502 退休人员"]
POSTS_OTHER = ["0212 事业单位专业技术岗位", "011 公务员", "0216 非公有经济控制企业专业技术岗位", "602 社区工作人员"]


def national_export(out, pp, rng):
    """全国党员管理信息系统 党员信息 export: title, header, 手机号/固定电话 sub-header, data from row 4."""
    name = "01-柳河镇-全国党员管理信息系统党员信息导出.xls"
    people = [pp.member(probationary=i < 3, minority=i in (5, 17)) for i in range(40)]
    flags(people, rng, n_mobile=5, n_lost=2)
    branches = ["中共柳河镇%s村支部委员会" % v for v in ("新立", "河口", "柳树", "东升")]
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("党员信息")
    heads = ["序号", "姓名", "所在党支部", "公民身份证号", "性别", "民族", "出生日期", "学历", "人员类别",
             "加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", None, "家庭住址", "党籍状态",
             "是否为失联党员", "失去联系日期", "是否为流动党员", "外出流向", "备注"]
    ws.write_merge(0, 0, 0, len(heads) - 1, "中共柳河镇委员会党员信息", XLS_TITLE)
    for c, h in enumerate(heads):
        if h == "联系电话":
            ws.write_merge(1, 1, c, c + 1, h, XLS_HEAD)
            ws.write(2, c, "手机号", XLS_HEAD)
            ws.write(2, c + 1, "固定电话", XLS_HEAD)
        elif h is not None:
            ws.write_merge(1, 2, c, c, h, XLS_HEAD)
    for i, p in enumerate(people):
        r = 3 + i
        post = rng.choice(POSTS_RURAL)
        row = [i + 1, p["name"], rng.choice(branches), p["id"], "女" if p["female"] else "男", p["nation"],
               p["birth"], p["edu"], "预备党员" if p["probationary"] else "正式党员", p["joined"],
               p["confirmed"] if p["confirmed"] else "-", post.split(" ", 1)[1], p["phone"],
               "-", "柳河镇%s村%d组" % (rng.choice("新河柳东"), rng.randint(1, 9)), "正常",
               "是" if p["lost"] else "否", p["lost_on"] if p["lost"] else "-",
               "是" if p["mobile"] else "否", p["dest"] or "-", ""]
        for c, v in enumerate(row):
            xls_cell(ws, r, c, v)
    for c, w in enumerate([5, 8, 26, 20, 5, 7, 11, 7, 9, 12, 14, 16, 13, 11, 22, 8, 12, 12, 12, 14, 8]):
        ws.col(c).width = w * 256
    wb.save(os.path.join(out, name))
    return name, {"党员信息": "roster"}, member_figures(people)


def summary_template(out, pp, rng):
    """党员基本信息汇总表: the 采集表's items as columns, values as `代码 名称`, a sample row (例),
    the code lists in hidden columns V–X as in the source, and a 填写说明 block under the data."""
    name = "02-青石乡-党员基本信息汇总表.xlsx"
    people = [pp.member(probationary=i in (4, 11), minority=i in (2, 20, 27)) for i in range(30)]
    flags(people, rng, n_mobile=3, n_lost=1)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总表"
    heads = ["序号", "姓名", "性别", "民族", "公民身份证号", "出生日期", "学历", "人员类别", "所在党支部",
             "加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", None, "家庭住址",
             "党籍状态（正式党员或预备党员）", "是否为失联党员", "是否为流动党员", "外出流向"]
    last = len(heads)
    xl_title(ws, 1, "党员基本信息汇总表", last)
    ws.cell(row=2, column=1, value="填报党组织（盖章）：中共青石乡委员会")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    ws.cell(row=2, column=15, value="填报日期：2025年1月10日")
    for c, h in enumerate(heads, start=1):
        if h == "联系电话":
            ws.cell(row=3, column=c, value=h)
            ws.merge_cells(start_row=3, start_column=c, end_row=3, end_column=c + 1)
            ws.cell(row=4, column=c, value="手机号")
            ws.cell(row=4, column=c + 1, value="固定电话")
        elif h is not None:
            ws.cell(row=3, column=c, value=h)
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    for row in ws.iter_rows(min_row=3, max_row=4, max_col=last):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sample = ["例", "张三", "男", "01 汉族", "22052419900101001" + check_digit("22052419900101001"), "1990-01-01", "21 大学", "在岗职工",
              "中共青石乡青石村支部委员会", 2015.07, 2016.07, "11 农牧渔业生产人员", "13900000000", "-",
              "青石乡青石村3组12号", "正式党员", "否", "否", "—"]
    for c, v in enumerate(sample, start=1):
        xl_text(ws, 5, c, v) if isinstance(v, str) else ws.cell(row=5, column=c, value=v)
    categories = ["农牧渔民", "在岗职工", "离退休人员", "其他"]
    for i, p in enumerate(people):
        r = 6 + i
        post = rng.choice(POSTS_RURAL + POSTS_OTHER)
        ws.cell(row=r, column=1, value=i + 1)
        ws.cell(row=r, column=2, value=p["name"])
        ws.cell(row=r, column=3, value="女" if p["female"] else "男")
        ws.cell(row=r, column=4, value=NATION_CODE[p["nation"]])
        xl_text(ws, r, 5, p["id"])
        xl_date(ws, r, 6, p["birth"])
        ws.cell(row=r, column=7, value=EDU_CODE[p["edu"]])
        ws.cell(row=r, column=8, value=rng.choice(categories))
        ws.cell(row=r, column=9, value="中共青石乡%s村支部委员会" % rng.choice(["青石", "石门", "北沟"]))
        ws.cell(row=r, column=10, value=year_month_number(p["joined"]))
        ws.cell(row=r, column=11, value=year_month_number(p["confirmed"]) if p["confirmed"] else "—")
        ws.cell(row=r, column=12, value=post)
        xl_text(ws, r, 13, p["phone"])
        ws.cell(row=r, column=14, value="-")
        ws.cell(row=r, column=15, value="青石乡%s村%d组" % (rng.choice(["青石", "石门", "北沟"]), rng.randint(1, 8)))
        ws.cell(row=r, column=16, value="预备党员" if p["probationary"] else "正式党员")
        ws.cell(row=r, column=17, value="是" if p["lost"] else "否")
        ws.cell(row=r, column=18, value="是" if p["mobile"] else "否")
        ws.cell(row=r, column=19, value=p["dest"] or "—")
    notes = ["填写说明：",
             "1.民族、学历、工作岗位请从下拉列表中选择，按“代码 名称”填写；",
             "2.加入党组织日期、转为正式党员日期填写到月，如2005.07；预备党员的转为正式党员日期填“—”；",
             "3.是否为流动党员由流出地党组织负责采集，是流动党员的填写外出流向；",
             "4.此表由党支部填写，党支部（党总支、党委）初核，基层党委复核。"]
    r0 = 6 + len(people) + 1
    for k, text in enumerate(notes):
        ws.cell(row=r0 + k, column=1, value=text)
        ws.merge_cells(start_row=r0 + k, start_column=1, end_row=r0 + k, end_column=last)
    for col, values in zip("VWX", (NATION_CODES, EDU_CODES, POST_CODES)):
        for k, v in enumerate(values, start=1):
            ws[f"{col}{k}"] = v
        ws.column_dimensions[col].hidden = True
    for c, w in enumerate([5, 8, 5, 10, 20, 11, 10, 10, 26, 9, 9, 22, 13, 9, 20, 12, 8, 8, 14], start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = w
    save_xlsx(wb, os.path.join(out, name))
    return name, {"汇总表": "roster"}, member_figures(people)


def import_template_a(out, pp, rng):
    """Import template of one Party-building system: hint-suffixed headers, id_label
    dictionary sheets, both 党员类别 and 党籍状态 (the latter also 已死亡/已出党)."""
    name = "03-红石镇-党员信息导入模板.xls"
    people = [pp.member(probationary=i in (3, 9, 22)) for i in range(33)]
    people[14]["former"], people[27]["former"] = "已死亡", "已出党"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    heads = ["序号", "姓名", "党员类别", "所在组织(请不要输入特殊符号)", "性别", "出生年月(2019/10/24)", "民族",
             "联系电话", "档案管理单位", "党籍状态", "加入党组织日期(2019/10/24)", "身份证", "入党时间(2019/10/24)"]
    for c, h in enumerate(heads):
        ws.write(0, c, h)
    for i, p in enumerate(people):
        status = "预备党员" if p["probationary"] else "正式党员"
        row = [i + 1, p["name"], status, "红石镇%s村党支部" % rng.choice(["红石", "太平", "向阳", "双河"]),
               "女" if p["female"] else "男", ymd(p["birth"], "/"), p["nation"], p["phone"], "红石镇党委",
               p["former"] or status, ymd(p["joined"], "/"), p["id"], ymd(p["joined"], "/")]
        for c, v in enumerate(row):
            if v != "":
                ws.write(1 + i, c, v)
    d2 = wb.add_sheet("Sheet2")
    for k, v in enumerate(["223_正式党员", "224_预备党员", "59325_正式党员", "59326_预备党员", "59327_已死亡",
                           "59328_已停止党籍", "59329_已出党", "59585_其他", "94_未知的性别", "95_男", "96_女",
                           "97_未说明的性别"]):
        d2.write(k, 0, v)
    d3 = wb.add_sheet("Sheet3")
    for k, v in enumerate(GB3304 + ["其它族", "外国血统", "外国民族"]):
        d3.write(k, 0, "%d_%s" % (868 + k, v))
    wb.save(os.path.join(out, name))
    figures = member_figures(people)
    del figures["members.college"]          # the template has no 学历 column
    figures["former_members.total"] = 2
    return name, {"Sheet1": "roster", "Sheet2": None, "Sheet3": None}, figures


def import_template_b(out, pp, rng):
    """Another system's 党员信息表 import template: line breaks and format hints in headers,
    birth month as text yyyy-MM, 困难党员 as 是/否, no status column."""
    name = "04-安口镇-党员信息表.xls"
    people = [pp.member(edu=rng.choice(["研究生", "大学", "大专", "高中", "初中"])) for _ in range(25)]
    flags(people, rng, n_hardship=4)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    heads = ["登录名", "姓名", "性别", "手机号码", "身份证号", "民族", "学历", "学位", "籍贯", "出生年月(yyyy-MM)\n",
             "入党时间\n(yyyy-MM-dd)", "所属组织", "党务工作者", "志愿者", "党代表", "困难党员", "家庭住址", "备注说明",
             "是否管理员"]
    for c, h in enumerate(heads):
        ws.write(0, c, h)
    edu_text = {"研究生": "硕士", "大学": "本科", "大专": "专科", "高中": "高中", "初中": "初中"}
    degree = {"研究生": "硕士", "大学": "学士"}
    for i, p in enumerate(people):
        row = [p["phone"], p["name"], "女" if p["female"] else "男", p["phone"], p["id"], p["nation"],
               edu_text[p["edu"]], degree.get(p["edu"], "无"), "吉林柳河", "%d-%02d" % (p["birth"].year, p["birth"].month),
               ymd(p["joined"]), "安口镇%s村党支部" % rng.choice(["安口", "三合", "江沿"]), "否",
               rng.choice(["是", "否"]), "否", "是" if p["hardship"] else "否",
               "安口镇%s村" % rng.choice(["安口", "三合", "江沿"]), "", "否"]
        for c, v in enumerate(row):
            if v != "":
                ws.write(1 + i, c, v)
    wb.add_sheet("Sheet2")
    wb.add_sheet("Sheet3")
    wb.save(os.path.join(out, name))
    figures = member_figures(people)
    figures["members.hardship"] = 4
    return name, {"Sheet1": "roster", "Sheet2": None, "Sheet3": None}, figures


def system_export(out, pp, rng):
    """An easypoi export of a Party-building system (retired-servicemen members): one header
    row, real dates formatted yyyy-MM-dd, 学历 高中及以下/专科/本科/硕士, 党籍状态 正式/预备党员."""
    name = "05-东关街道-退役军人党员信息导出.xlsx"
    people = [pp.member(female=False if i else True, probationary=i == 7,
                        edu=rng.choice(["研究生", "大学", "大专", "高中", "初中"])) for i in range(20)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "退役军人党员"
    heads = ["所属党支部", "姓名", "性别", "出生日期", "民族", "学历", "身份证号码", "联系电话", "入党时间", "党籍状态",
             "户籍所在派出所", "工作/学习单位", "现居住地", "籍贯", "原服役部队", "退役时间", "是否自主择业",
             "组织关系落实时间", "编入党支部"]
    for c, h in enumerate(heads, start=1):
        ws.cell(row=1, column=c, value=h)
    edu_text = {"研究生": "硕士", "大学": "本科", "大专": "专科", "高中": "高中及以下", "初中": "高中及以下"}
    for i, p in enumerate(people):
        r = 2 + i
        branch = "东关街道%s社区党支部" % rng.choice(["新华", "团结", "胜利"])
        ws.cell(row=r, column=1, value=branch)
        ws.cell(row=r, column=2, value=p["name"])
        ws.cell(row=r, column=3, value="女" if p["female"] else "男")
        xl_date(ws, r, 4, p["birth"])
        ws.cell(row=r, column=5, value=p["nation"])
        ws.cell(row=r, column=6, value=edu_text[p["edu"]])
        xl_text(ws, r, 7, p["id"])
        xl_text(ws, r, 8, p["phone"])
        xl_date(ws, r, 9, p["joined"])
        ws.cell(row=r, column=10, value="预备党员" if p["probationary"] else "正式党员")
        ws.cell(row=r, column=11, value="柳河县公安局东关派出所")
        ws.cell(row=r, column=12, value=rng.choice(["柳河县退役军人事务局", "个体经营", "柳河县自来水公司", "无"]))
        ws.cell(row=r, column=13, value="柳河县东关街道")
        ws.cell(row=r, column=14, value="吉林柳河")
        ws.cell(row=r, column=15, value=rng.choice(["某部", "武警某部"]))
        xl_date(ws, r, 16, dt.date(rng.randint(1990, 2020), rng.randint(1, 12), 1))
        ws.cell(row=r, column=17, value=rng.choice(["是", "否"]))
        xl_date(ws, r, 18, dt.date(rng.randint(1995, 2021), rng.randint(1, 12), 15))
        ws.cell(row=r, column=19, value=branch)
    save_xlsx(wb, os.path.join(out, name))
    return name, {"退役军人党员": "roster"}, member_figures(people)


def roster_with_reductions(out, pp, rng):
    """A township roster saved as GBK CSV that keeps reduced members with 减少原因/减少日期."""
    name = "06-白沙镇-党员花名册（含减少党员）.csv"
    people = [pp.member(probationary=i in (6, 15), minority=i == 3) for i in range(24)]
    for k, why in zip((2, 9, 17, 21), ("转出", "转出", "死亡", "出党")):
        people[k]["former"] = why
    flags(people, rng, n_mobile=2)
    rows = [["白沙镇党员花名册（截至2024年12月31日）"],
            ["序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "所在党支部", "加入党组织日期",
             "转正日期", "党员类别", "是否农村党员", "是否流动党员", "流入地", "减少原因", "减少日期"]]
    for i, p in enumerate(people):
        left = dt.date(YEAR, rng.randint(1, 11), rng.randint(1, 28)) if p["former"] else None
        rows.append([i + 1, p["name"], "女" if p["female"] else "男", p["id"], p["nation"],
                     "%d/%d/%d" % (p["birth"].year, p["birth"].month, p["birth"].day), p["edu"],
                     "白沙镇%s村党支部" % rng.choice(["白沙", "石桥", "柳林"]), ymd(p["joined"], "/"),
                     ymd(p["confirmed"], "/") if p["confirmed"] else "", "预备党员" if p["probationary"] else "正式党员",
                     "是", "是" if p["mobile"] else "否", p["dest"] or "", p["former"] or "",
                     ymd(left, "/") if left else ""])
    write_gbk_csv(os.path.join(out, name), rows)
    figures = member_figures(people)
    figures["members.rural"] = figures["members.total"]
    figures["former_members.total"] = 4
    return name, {name[:-4]: "roster"}, figures


ALL = [national_export, summary_template, import_template_a, import_template_b, system_export,
       roster_with_reductions]
