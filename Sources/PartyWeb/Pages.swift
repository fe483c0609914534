import Hummingbird

/// The pages and their script and style, built into the binary (nothing is fetched from
/// elsewhere: the page works offline).
enum Pages {
    /// A page: its path, title, `data-page`, body (the `<main>` element) and own script.
    struct Page: Sendable {
        var path: String, title: String, id: String, main: [UInt8], script: String
    }

    /// The pages, in the order of the navigation bar.
    static let all = [
        Page(path: "/", title: "导入", id: "import", main: PackageResources.index_html, script: "import.js"),
        Page(path: "/indicators", title: "指标", id: "indicators", main: PackageResources.indicators_html,
             script: "figures.js"),
        Page(path: "/compare", title: "同比", id: "compare", main: PackageResources.compare_html, script: "figures.js"),
        Page(path: "/reports", title: "报告", id: "report", main: PackageResources.report_html, script: "figures.js"),
    ]

    /// The whole document of a page: the one head, navigation bar and scripts around its body.
    static func html(_ page: Page) -> [UInt8] {
        let links = all.map { other in
            "<a href=\"\(other.path)\"\(other.path == page.path ? " class=\"on\"" : "")>\(other.title)</a>"
        }.joined()
        let head = """
            <!doctype html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(page.title) — 党建统计</title>
            <link rel="stylesheet" href="/assets/app.css">
            </head>
            <body data-page="\(page.id)">
            <header><h1>党建统计</h1><nav>\(links)</nav></header>

            """
        let tail = """
            <script src="/assets/charts.js"></script>
            <script src="/assets/common.js"></script>
            <script src="/assets/\(page.script)"></script>
            </body>
            </html>

            """
        return Array(head.utf8) + page.main + Array(tail.utf8)
    }

    /// Script and style paths, their bytes and types.
    static let assets: [String: (bytes: [UInt8], type: String)] = [
        "/assets/common.js": (PackageResources.common_js, "text/javascript; charset=utf-8"),
        "/assets/import.js": (PackageResources.import_js, "text/javascript; charset=utf-8"),
        "/assets/figures.js": (PackageResources.figures_js, "text/javascript; charset=utf-8"),
        "/assets/charts.js": (PackageResources.charts_js, "text/javascript; charset=utf-8"),
        "/assets/app.css": (PackageResources.app_css, "text/css; charset=utf-8"),
    ]

    /// True for the path of a page (where a token in the address is taken and dropped).
    static func isPage(_ path: String) -> Bool {
        all.contains { $0.path == path }
    }

    static func register(on router: Router<BasicRequestContext>) {
        for page in all {
            let document = html(page)
            router.get(RouterPath(page.path)) { _, _ in WebResponse.bytes(document, type: "text/html; charset=utf-8") }
        }
        for (path, asset) in assets {
            router.get(RouterPath(path)) { _, _ in WebResponse.bytes(asset.bytes, type: asset.type) }
        }
    }
}
