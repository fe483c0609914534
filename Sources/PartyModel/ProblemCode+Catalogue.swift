extension ProblemCode {
    /// The Chinese name, default level and one-line explanation of this code, as shown in
    /// the workbook's 数据核查 sheet and in `docs/problem-codes.md`.
    public var entry: Entry {
        func e(_ name: String, _ level: Level?, _ explanation: String) -> Entry {
            Entry(name: name, level: level, explanation: explanation)
        }
        switch self {
        case .fileMissing: return e("文件不存在", .error, "给出的文件或文件夹不存在，请检查路径。")
        case .fileUnsupported: return e("文件类型不支持", .error, "只能读取 csv、xlsx、xlsm、xls 文件。")
        case .fileUnreadable: return e("文件无法读取", .error, "文件不存在、没有读取权限或读取时出错。")
        case .fileDigest: return e("无法计算文件摘要", .error, "计算文件 SHA-256 时读取失败，文件未导入。")
        case .fileUnrecognised:
            return e("文件中没有可识别的表格", .error, "所有工作表都找不到可识别报表的表头，整个导入不写入任何数据。")
        case .fileDuplicate: return e("重复文件", .warning, "与同一次导入中的另一文件内容完全相同，已跳过，其中的行不重复计入。")

        case .sheetNone: return e("没有工作表", .error, "文件中一个工作表也没有。")
        case .sheetNotFound: return e("工作表不存在", .error, "按名称或序号指定的工作表在文件中找不到。")
        case .sheetAmbiguous: return e("工作表名称不唯一", .error, "有多个工作表以所给名称开头，请写出完整名称。")
        case .sheetUnrecognised: return e("工作表未识别", .warning, "工作表不是可识别的报表（如说明页、空表），已跳过。")
        case .kindAmbiguous:
            return e("报表类型不明确", .warning, "工作表的列同时指向两类报表，已按得分高的一类读取或跳过，请用 partystats inspect 核对。")
        case .columnUnmapped: return e("列未导入", .warning, "列的表头不是该类报表的已知字段，未导入；可在映射文件中补充别名或指定列。")
        case .sheetTooManyColumns: return e("列数过多", .error, "列数超过 Excel 的上限 16,384 列，文件可能已损坏。")

        case .csvBinary: return e("CSV 含二进制内容", .error, "文件含 NUL 字节，不是文本 CSV 文件。")
        case .csvInit: return e("CSV 解析器无法启动", .error, "libcsv 初始化失败（通常是内存不足）。")
        case .csvInvalidEncoding: return e("CSV 编码错误", .error, "文件中有无法按所识别编码解码的字节，文件编码有误或已损坏。")
        case .csvParse: return e("CSV 解析失败", .error, "libcsv 无法解析文件内容。")
        case .csvUnbalancedQuote: return e("引号不成对", .error, "某个带引号的字段直到文件结尾都没有闭合。")
        case .csvNotText: return e("CSV 实为 Excel 文件", .error, "扩展名为 .csv，内容却是 Excel 工作簿，请更正扩展名。")
        case .csvIsWorkbook: return e("CSV 实为工作簿", .error, "扩展名为 .csv，内容却是 xlsx 或 xls 工作簿，请更正扩展名。")

        case .cellTooLong: return e("单元格过长", .error, "单元格超过 Excel 的 32,767 个字符上限，可能有未闭合的引号。")
        case .cellFormulaUncached:
            return e("公式没有计算结果", .warning, "单元格是公式但文件未保存计算结果，按空白处理；请用 Excel 或 WPS 打开并保存后重新导入。")
        case .cellError: return e("单元格是错误值", .warning, "单元格是 #N/A、#DIV/0! 等错误值，按空白处理。")

        case .xlsxMissingPart: return e("工作簿缺少部件", .error, "xlsx 压缩包中缺少必需的部件，文件不完整或不是 Excel 文件。")
        case .xlsxCorruptZip: return e("压缩包已损坏", .error, "xlsx 压缩包条目无法解压或校验不符，文件已损坏。")
        case .xlsxUnsafeEntry: return e("压缩包路径不安全", .error, "压缩包中有 ../ 或绝对路径的条目，拒绝读取。")
        case .xlsxZipBomb: return e("压缩包解压后过大", .error, "解压后的大小或压缩比超过安全上限（疑似压缩炸弹）。")
        case .xlsxEncrypted: return e("工作簿已加密", .error, "工作簿受密码保护，请另存为未加密的文件后再导入。")
        case .xlsxNotZip: return e("不是有效的 xlsx", .error, "文件不是 zip 压缩包，因而不是 xlsx 工作簿。")
        case .xlsxOutOfMemory: return e("内存不足", .error, "无法创建 XML 解析器。")
        case .xlsxBadXML: return e("XML 格式错误", .error, "工作簿中的 XML 部件无法解析。")
        case .xlsxDTDForbidden: return e("XML 含 DOCTYPE", .error, "为防范实体注入，含 DOCTYPE 的 XML 一律拒绝读取。")
        case .xlsxCellTooLong: return e("单元格过长", .error, "单元格文本超过 Excel 的 32,767 个字符上限。")
        case .xlsxBadRow: return e("行号无效", .error, "工作表 XML 中的行号不是有效数字。")
        case .xlsxBadSharedString: return e("共享字符串不存在", .error, "单元格引用的共享字符串序号超出范围。")
        case .xlsxRowOrder: return e("行顺序错乱", .error, "工作表中的行号重复或倒序，文件已损坏。")
        case .xlsxTooManyColumns: return e("列数过多", .error, "列数超过 Excel 的上限 16,384 列。")
        case .xlsxTooManyRows: return e("行数过多", .error, "行数超过 Excel 的上限 1,048,576 行。")

        case .xlsCorrupt: return e("xls 文件已损坏", .error, "xls 文件的结构无法解析。")
        case .xlsEncrypted: return e("xls 工作簿已加密", .error, "工作簿受密码保护，请另存为未加密的文件后再导入。")
        case .xlsNotXLS: return e("不是有效的 xls", .error, "文件不是 Excel 97-2003 工作簿。")
        case .xlsIsXLSX: return e("xls 实为 xlsx", .error, "扩展名为 .xls，内容却是 xlsx 工作簿，请更正扩展名。")
        case .xlsTooManyRows: return e("行数过多", .error, "行数超过 Excel 的上限 1,048,576 行。")
        case .xlsTooManyColumns: return e("列数过多", .error, "列数超过 Excel 的上限 16,384 列。")
        case .xlsCellTooLong: return e("单元格过长", .error, "单元格文本超过 Excel 的 32,767 个字符上限。")

        case .xlsTooLarge: return e("xls 文件过大", .error, "xls 文件大小超过读取上限。")
        case .xlsUnsupportedVersion:
            return e("xls 版本过旧", .error, "复合文档中的 Excel 2.0–4.0 格式数据流暂不支持，请用 Excel 另存为 xlsx 后再导入。")
        case .problemsSpill: return e("问题清单临时文件出错", .error, "问题过多时写入的临时文件无法创建、写入或读回。")
        case .mappingInvalid: return e("映射文件有误", .error, "映射文件不是有效的 YAML 或结构不对，见 README 的映射文件说明。")
        case .mappingUnknownKey: return e("映射文件键名有误", .error, "映射文件中有不认识的键（可能拼错），提示中给出最接近的键名。")
        case .mappingTooLarge: return e("映射文件过大", .error, "映射文件超过 1 MiB 的上限。")
        case .mappingFieldUnknown: return e("字段名未知", .error, "为列选择的字段不是 partystats 的字段，请从列表中选择。")
        case .mappingWrite: return e("映射文件无法写入", .error, "无法把选择的字段写入映射文件（文件夹不可写，或文件的写法无法自动修改），请手工添加。")

        case .rowNameMissing: return e("缺少姓名", .reject, "党员名册的行没有姓名，不能作为党员记录导入。")
        case .rowRecipientMissing: return e("缺少帮扶对象", .reject, "台账的行既无姓名也无身份证号，未导入。")
        case .rowTownshipMissing: return e("缺少乡镇名称", .reject, "基层党组织情况表的行没有乡镇名称，未导入。")
        case .amountMissing: return e("缺少金额", .reject, "台账的行没有金额，未导入。")
        case .amountInvalid: return e("金额无法识别", .reject, "金额不是数字、为负或精度超过 1 分，该行未导入。")
        case .countInvalid: return e("数量无法识别", .reject, "个数或人数不是非负整数，该行未导入。")
        case .countImplausible:
            return e("数量超出合理范围", .reject, "一行的个数或人数超出合理上限（可能误填了电话或身份证号），该行未导入。")
        case .amountImplausible: return e("金额超出合理范围", .reject, "一笔金额超过合理上限 1,000 万元，该行未导入。")

        case .genderInvalid: return e("性别无法识别", .warning, "性别不是男或女，按未填写处理。")
        case .ethnicityUnknown: return e("民族无法识别", .warning, "民族不在国家标准的 56 个民族中，按原文保留。")
        case .educationUnknown: return e("学历无法识别", .warning, "学历无法归入六档，按未填写处理。")
        case .statusUnknown: return e("党员类别无法识别", .warning, "党员类别不是正式党员或预备党员，按未填写处理。")
        case .categoryUnknown: return e("类别未知", .warning, "单位或党组织类别不在标准类别中，按原文保留。")
        case .sourceUnknown: return e("资金来源未知", .warning, "资金来源不在标准来源中，按原文保留，可在映射文件中归类。")
        case .flagInvalid: return e("是/否值无法识别", .warning, "是/否列的值无法识别，按未填写处理。")
        case .dateInvalid: return e("日期无法识别", .warning, "日期无法识别，按未填写处理。")
        case .dateAmbiguousMonth: return e("月份可能有误", .warning, "数字年月如 2005.1 可能是 1 月或 10 月，已按一种读法导入，请核对。")
        case .dateImplausible: return e("日期不合常理", .warning, "如入党早于建党、入党时未满 18 岁、转正早于入党、出生晚于报告年度，请核对。")
        case .coverageExceedsUnits: return e("已建单位多于单位总数", .warning, "已建立党组织单位数大于单位总数，请核对。")
        case .orgTypeUnknown:
            return e("党组织类别无法识别", .warning, "党组织概况表中的类别不是党委、党总支、党支部、联合或临时党支部，该组织不计入组织数。")
        case .townshipUnknown: return e("乡镇未知", .warning, "乡镇名称不在本年度基层党组织情况表或映射文件中，按原文保留。")

        case .idChecksum: return e("身份证号校验位错误", .warning, "身份证号最后一位校验码不符，仍按此号码识别人员，请核对。")
        case .idLostPrecision:
            return e("身份证号丢失末位", .warning, "身份证号以数字形式保存，末尾数字已丢失；号码不导入，人员保留。")
        case .idInvalid: return e("身份证号格式错误", .warning, "身份证号不是 18 位或出生日期无效；号码不导入，人员保留。")
        case .idGenderMismatch: return e("性别与身份证号不符", .warning, "填写的性别与身份证号显示的性别不一致，以填写的为准。")
        case .idBirthMismatch: return e("出生日期与身份证号不符", .warning, "填写的出生日期与身份证号中的不一致，以填写的为准。")

        case .memberFormer: return e("已不是党员", .warning, "名册中的人员已出党、死亡或转出，不计入党员数，另行列出。")
        case .memberDuplicate: return e("党员重复", .warning, "同一年中身份证号重复出现，只按第一次出现计数。")
        case .totalMismatch: return e("合计行不符", .warning, "报表中的合计行与明细行之和不一致。")
        case .membersMismatch: return e("党员数不符", .warning, "基层党组织情况表填报的党员数与党员名册人数不一致。")
        case .recipientNotInRoster: return e("帮扶对象不在名册", .warning, "台账中帮扶对象的身份证号不在本年度党员名册中。")
        case .formSumMismatch: return e("总数不等于各类之和", .warning, "年报表中某项目的总数不等于党委、党总支、党支部之和。")
        case .coverageExceeds: return e("已建立单位数超过单位数", .warning, "年报表中某项目已建立党组织的单位数大于单位数。")
        case .unitDuplicate: return e("单位重复上报", .error, "同一单位的同一种报表导入了两次以上，汇总时数字会重复计入。")
        case .unitMissing: return e("单位缺报", .warning, "上年有报表的单位本年没有报表，未计入本年汇总。")
        case .unitChange: return e("单位同比变化过大", .warning, "某单位的党员数或基层党组织数与上年相比增减超过五分之一，请核实。")
        case .membersIdentity: return e("党员增减核算", nil, "本年党员数 = 上年 + 新增 − 减少 ± 无身份证号人数，核算不平衡时为错误。")
        case .flowsIdentity: return e("党员增减不平衡", .error, "同比分析的增减核算不平衡（内部一致性错误，请报告）。")

        case .storeMissing: return e("数据库不存在", .error, "指定的数据库文件不存在，请先运行 partystats import。")
        case .storeCreate: return e("无法创建数据库", .error, "数据库文件无法创建（目录不存在或没有写权限）。")
        case .storeOpen: return e("无法打开数据库", .error, "数据库文件无法打开或不是 partystats 数据库。")
        case .storeImplausible:
            return e("数据库中数值不合常理", .error, "数据库中的人数或金额超出合理上限（旧版本写入或被手工修改），请重新导入。")
        case .storePermissions:
            return e("数据库权限过宽", .error, "数据库可被其他用户读取且无法改为 0600；其中有未脱敏的身份证号，请改正权限。")
        case .storeForeign: return e("不是 partystats 数据库", .error, "指定的数据库中已有其他程序的数据表，未做任何改动。")
        case .storeWrite: return e("写入数据库失败", .error, "写入数据库时出错（磁盘已满或没有写权限），未写入任何数据。")
        case .storeSchema: return e("数据库结构有误", .error, "数据库表结构不符合要求（内部错误）。")
        case .storeTally: return e("统计项无法识别", .error, "数据库中的党员统计项无法识别，数据库可能由更新的版本写入。")
        case .storeLevelMismatch: return e("数据库级别不符", .error, "数据库已存有另一级别（县、市、省）的数据，每个数据库只存一级。")
        case .storeQuery: return e("读取数据库失败", .error, "查询数据库时出错或读到无法识别的值。")
        case .yearMissing: return e("没有该年度数据", .error, "数据库中没有所要求年份的数据，请先导入该年度的报表。")

        case .reportCleanup: return e("清理临时文件失败", .error, "生成工作簿失败后，删除临时文件时又出错。")
        case .reportProblemsChanged: return e("导入问题条数有变", .error, "生成报告期间导入问题的条数发生变化，请重新生成。")
        case .xlsxDestination: return e("工作簿无法写到该处", .error, "输出目录不存在、不可写，或输出路径是文件夹。")
        case .xlsxCreateFile: return e("无法创建工作簿", .error, "无法创建工作簿文件（磁盘已满或没有写权限）。")
        case .xlsxTemporaryFile: return e("临时文件出错", .error, "生成工作簿所需的临时文件无法创建或读取（磁盘可能已满）。")
        case .xlsxZip: return e("工作簿压缩失败", .error, "写入工作簿压缩包时出错（磁盘可能已满）。")
        case .xlsxMemory: return e("内存不足", .error, "生成工作簿时内存分配失败。")
        case .xlsxIndexOutOfRange: return e("单元格超出范围", .error, "写入的行或列超出工作表范围（内部错误）。")
        case .xlsxStringTooLong: return e("文字过长", .error, "单元格、页眉页脚或工作表名称的文字超过 Excel 的长度上限。")
        case .xlsxSheetName: return e("工作表名称无效", .error, "工作表名称无效或重复（内部错误）。")
        case .xlsxInvalidParameter: return e("参数无效", .error, "生成工作簿时参数无效（内部错误）。")
        case .xlsxLibrary: return e("工作簿库出错", .error, "libxlsxwriter 报告了其他错误。")
        case .xlsxClosed: return e("工作簿已关闭", .error, "工作簿已经保存或放弃后又被写入（内部错误）。")
        case .xlsxRename: return e("工作簿无法就位", .error, "写好的临时文件无法改名为目标文件。")

        case .exportStore: return e("导出时读取数据库失败", .error, "导出数据包时查询数据库出错。")
        case .exportRowWidth: return e("导出行列数不符", .error, "导出行的列数与表头不一致（内部错误）。")
        case .exportOutputParent: return e("输出目录的上级不存在", .error, "导出目录的上级目录不存在，请先创建。")
        case .exportOutputExists: return e("输出路径已存在", .error, "输出路径已存在且不是以前导出的数据包，未覆盖。")
        case .exportBadDate: return e("数据库中日期有误", .error, "数据库中的日期不是 YYYY-MM-DD 或 YYYY-MM。")
        case .exportWrite: return e("导出写入失败", .error, "写入导出文件时出错（磁盘已满或没有写权限）。")

        case .accessTokenMissing:
            return e("需要访问令牌", .error, "请求没有带访问令牌：请用 partystats serve 启动时打印的地址（含 ?token=…）打开页面。")
        case .accessTokenWrong: return e("访问令牌不正确", .error, "请求带的访问令牌不是本次启动的令牌：请用启动时打印的地址打开页面。")
        case .accessCrossOrigin: return e("拒绝其他网页的请求", .error, "修改数据的请求只能来自本页面，来自其他网页（其他来源）的请求被拒绝。")
        case .uploadNotMultipart: return e("上传格式不对", .error, "上传须为 multipart/form-data：请在页面上选择或拖入文件。")
        case .uploadMalformed: return e("上传数据有误", .error, "上传的 multipart 数据无法解析（上传被中断或不完整），请重新上传。")
        case .uploadTooLarge: return e("上传内容过大", .error, "一次上传的内容超过上限，请分批上传。")
        case .uploadFileTooLarge: return e("文件过大", .error, "单个上传文件超过上限。")
        case .uploadTooMany: return e("文件过多", .error, "一次上传的文件数超过上限，请分批上传。")
        case .uploadEmpty: return e("没有可导入的文件", .error, "上传中没有 csv、xlsx、xlsm、xls 文件。")
        case .uploadNameInvalid: return e("文件名无效", .error, "上传的文件名为空或含有控制字符。")
        case .uploadNameTwice: return e("文件同名", .error, "两个上传的文件同名（同一文件夹下），请只保留一个。")
        case .uploadWrite: return e("无法保存上传文件", .error, "上传的文件无法写入临时文件夹（磁盘可能已满）。")
        case .requestInvalid: return e("请求参数有误", .error, "页面或接口的参数有误（例如年度不是四位年份），说明中给出原因。")
        case .requestNotFound: return e("请求的内容不存在", .error, "要查看的文件或工作表不在最近一次导入中。")
        case .serveListen: return e("网页无法启动", .error, "无法在所给的地址和端口上监听（端口可能已被占用），可换用 --port。")

        case .usageInvalid: return e("命令行参数有误", .error, "选项或参数有误，用法见 partystats 子命令 --help。")
        case .internalUnexpected: return e("意外错误", .error, "程序遇到未预料的错误，请报告此问题。")
        }
    }
}
