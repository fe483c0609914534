import PartyStatsCommands
import SheetReader

// `partystats __xls-worker …` is the .xls reader's child process (see `XLSWorker`):
// checked before ArgumentParser so that it never appears in help or usage.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == XLSWorker.verb {
    XLSWorker.serve(Array(CommandLine.arguments.dropFirst(2)))
}
// Every .xls file is read by a worker started from this same binary.
XLSWorker.executablePath = XLSWorker.runningExecutable()

PartyStats.mainWithUserFacingErrors()
