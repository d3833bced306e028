using System.Globalization;
using CronLock.Options;
using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace CronLock.Logging;

/// <summary>
/// Serilog to stderr only: stdout belongs to the job, and crontab mails both. Control characters
/// in any logged value are escaped, so every event is exactly one line, in either format.
/// </summary>
internal static class LoggerSetup
{
    /// <summary>
    /// For an error before the settings are valid: JSON when CRONLOCK_LOG_FORMAT or --log-format asked
    /// for it, so a pipeline that reads JSON lines gets this one line as JSON too.
    /// </summary>
    public static ILogger ForEarlyError(string? askedFormat) =>
        Create(verbose: false, string.Equals(askedFormat?.Trim(), "json", StringComparison.OrdinalIgnoreCase) ? LogFormat.Json : LogFormat.Text);

    /// <summary>The run's logger; its pipeline is built at the first event written (<see cref="LazyLogger"/>).</summary>
    public static ILogger Create(bool verbose, LogFormat format = LogFormat.Text)
    {
        var minimum = verbose ? LogEventLevel.Debug : LogEventLevel.Information;
        return new LazyLogger(minimum, () => Build(minimum, format));
    }

    private static ILogger Build(LogEventLevel minimum, LogFormat format)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .Enrich.With(new ControlCharacterEnricher());
        return format == LogFormat.Json
            // The compact form with the message as text (JsonLineFormatter); the pid as a field.
            ? configuration
                .Enrich.WithProperty("pid", Environment.ProcessId)
                .WriteTo.Console(new JsonLineFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
                .CreateLogger()
            : configuration
                .WriteTo.Console(
                    outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:sszzz} cronlock[" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "] {Level:w}: {Message:lj}{NewLine}",
                    formatProvider: CultureInfo.InvariantCulture,
                    standardErrorFromLevel: LogEventLevel.Verbose,
                    theme: ConsoleTheme.None)
                .CreateLogger();
    }
}
