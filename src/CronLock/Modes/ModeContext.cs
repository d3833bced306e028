using System.Collections;
using CronLock.Core.Locking;
using CronLock.Options;
using CronLock.Reporting;
using CronLock.Running;
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
    RunReport Report,
    OutputCapture? Capture = null)
{
    /// <summary>The real world: stdout, the system clock, the process's environment.</summary>
    /// <param name="capture">Reads the job's output for quiet mode and the sinks; null: the job inherits cronlock's stdout and stderr.</param>
    public static ModeContext ForProcess(CronLockOptions options, ILogger log, RunReport report, OutputCapture? capture = null) =>
        new(options, log, Console.Out, new SecretRedactor([.. options.Secrets]), TimeProvider.System, Random.Shared, Environment.GetEnvironmentVariables, report, capture);
}
