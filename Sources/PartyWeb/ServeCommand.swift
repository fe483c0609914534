import ArgumentParser
import Dispatch
import Foundation
import Hummingbird
import PartyReport
import PartyStatsCommands
import PartyStore
import Synchronization

/// `partystats serve`: the page in the browser, on this machine only, opened with a token.
public struct ServeCommand: ParsableCommand {
    /// The command's name, abstract and discussion.
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动本机网页（导入、指标、同比、报告），在浏览器中使用。",
        discussion: """
        只在本机 127.0.0.1 上监听，启动时打印带随机令牌的地址（在浏览器中打开）；每个请求都须带令牌，\
        修改数据的请求还须来自本页面。页面用与命令行相同的库函数导入、查看识别情况和生成报告，\
        接口（POST /api/imports，GET /api/indicators、/api/compare、/report、/export）返回与 --json \
        相同的文档。按 Ctrl-C 停止。
        """
    )

    @Option(name: .long, help: "数据库文件（默认 ./partystats.sqlite，不存在时在第一次导入时创建）。")
    var db: String = Store.defaultPath

    @Option(name: .long, help: "YAML 映射文件：导入时使用，页面上为未识别的列选择的字段保存在这里（默认数据库所在文件夹的 mapping.yaml）。")
    var mapping: String?

    @Option(name: .long, help: "端口（默认 8750；0 表示任选一个空闲端口）。")
    var port: Int = 8750

    @Option(name: .long, help: "监听地址（默认 127.0.0.1，只有本机可以访问；其他地址会让网络上的其他人也能连接，须谨慎）。")
    var host: String = "127.0.0.1"

    /// An empty command, for ArgumentParser.
    public init() {}

    /// Checks the port and host (exit 64).
    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) 无效：应为 0 到 65535") }
        guard !host.isEmpty, !host.contains("/") else { throw ValidationError("--host「\(host)」不是有效的地址") }
    }

    /// Serves until Ctrl-C (SIGINT) or SIGTERM, then removes the uploads.
    public func run() throws {
        let uploads = try UploadFolder.makePrivateRoot()
        defer { try? FileManager.default.removeItem(atPath: uploads) }
        let folder = ((WebSettings.absolute(db) as NSString).deletingLastPathComponent as NSString)
        let settings = WebSettings(database: db, mapping: mapping ?? folder.appendingPathComponent("mapping.yaml"),
                                   token: AccessToken.generate(), uploads: uploads)
        if !Self.isLoopback(host) {
            FileHandle.standardError.write(Data("""
                警告：--host \(host) 让本机以外的计算机也能连接本页面（令牌仍然需要，但网络上传输的内容未加密，\
                其中包括党员信息）。只在可信的网络上这样做。\n
                """.utf8))
        }
        // Ctrl-C stops the server gracefully, which removes the private folder its
        // exports are written to: an export's own signal watch would end it at once.
        ExportInterruption.leaveSignalsToProcess()
        let server = WebServer(settings: settings)
        let mappingNote = FileManager.default.fileExists(atPath: settings.mapping) ? "" : "（尚不存在，在页面上为列选择字段时创建）"
        let app = server.application(host: host, port: port) { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(Data("""
                partystats 网页已启动。在浏览器中打开：
                    http://\(shown):\(port)/?token=\(settings.token)
                数据库：\(settings.database)
                映射文件：\(settings.mapping)\(mappingNote)
                按 Ctrl-C 停止。

                """.utf8))
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await app.runService() } catch { outcome.failure.withLock { $0 = "\(error)" } }
            done.signal()
        }
        done.wait()
        if let error = outcome.failure.withLock({ $0 }) {
            throw WebRefusal(code: .serveListen, message: "无法在 \(host):\(port) 上启动网页：\(error)（端口已被占用？可换用 --port）")
        }
        print("partystats 网页已停止。")
    }

    /// Why the server stopped, when not by a signal.
    private final class Outcome: Sendable {
        let failure = Mutex<String?>(nil)
    }

    /// True for an address only this machine reaches.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// The command line with `serve`: the root the `partystats` executable runs. Only this
/// module (and the executable) link the web server.
public struct PartyStatsWithPage: ParsableCommand {
    /// `PartyStats`' configuration with ``ServeCommand`` among the subcommands.
    public static let configuration: CommandConfiguration = {
        var configuration = PartyStats.configuration
        configuration.subcommands.append(ServeCommand.self)
        return configuration
    }()

    /// An empty command, for ArgumentParser.
    public init() {}
}
