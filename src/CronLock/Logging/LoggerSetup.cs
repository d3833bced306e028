using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace CronLock.Logging;

/// <summary>
/// Serilog to stderr only: stdout belongs to the job, and crontab mails both. Control characters
/// in any logged value are escaped, so every event is exactly one line.
/// </summary>
internal static class LoggerSetup
{
    public static ILogger Create(bool verbose) =>
        new LoggerConfiguration()
            .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
            .Enrich.With(new ControlCharacterEnricher())
            .WriteTo.Console(
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:sszzz} cronlock[" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "] {Level:w}: {Message:lj}{NewLine}",
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose,
                theme: ConsoleTheme.None)
            .CreateLogger();
}
