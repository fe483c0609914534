import Foundation
import Hummingbird
import Logging
import NIOCore
import PartyStore

/// The page's server: the routes of ``WebRoutes`` behind ``AccessGuard``.
public struct WebServer: Sendable {
    /// What it works on.
    public let settings: WebSettings
    let progress = ProgressBoard()
    let uploads = UploadKeeper()

    /// - Parameter settings: the store, mapping file, token, upload folder and limits.
    public init(settings: WebSettings) {
        self.settings = settings
    }

    /// Every route, each behind the token check.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessGuard(token: settings.token))
        WebRoutes(server: self).register(on: router)
        return router
    }

    /// The application listening on `host:port` (port 0: any free port); `running` is
    /// told the address once it listens.
    /// - Parameter quiet: log only critical failures (tests stop servers by cancelling them).
    public func application(host: String, port: Int, quiet: Bool = false,
                            running: @escaping @Sendable (String, Int) -> Void) -> some ApplicationProtocol {
        var logger = Logger(label: "partystats.serve")
        logger.logLevel = quiet ? .critical : .warning
        let configuration = ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil)
        return Application(router: router(), configuration: configuration,
                           onServerRunning: { channel in
                               running(host, channel.localAddress?.port ?? port)
                           }, logger: logger)
    }
}
