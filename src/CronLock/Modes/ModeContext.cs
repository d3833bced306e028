using System.Collections;
using CronLock.Core.Locking;
using CronLock.Options;
using CronLock.Reporting;
using Serilog;

namespace CronLock.Modes;

/// <summary>
/// What every mode works with besides Redis: the settings, the outside world (log, stdout,
/// clock, randomness, the environment) and the run's reporting sinks, passed in so the modes' decisions are tested without it.
/// </summary>
internal sealed record ModeContext(
    CronLockOptions Options,
    ILogger Log,
    TextWriter Output,
    SecretRedactor Redactor,
    TimeProvider Clock,
    Random Random,
    Func<IDictionary> EnvironmentVariables,
    RunReport Report)
{
    /// <summary>The real world: stdout, the system clock, the process's environment.</summary>
    public static ModeContext ForProcess(CronLockOptions options, ILogger log, RunReport report) =>
        new(options, log, Console.Out, new SecretRedactor([.. options.Secrets]), TimeProvider.System, Random.Shared, Environment.GetEnvironmentVariables, report);
}
