using System.Collections;
using CronLock.Core.Locking;
using CronLock.Options;
using Serilog;

namespace CronLock.Modes;

/// <summary>
/// What every mode works with besides Redis: the settings, and the outside world (log, stdout,
/// clock, randomness, the environment), passed in so the modes' decisions are tested without it.
/// </summary>
internal sealed record ModeContext(
    CronLockOptions Options,
    ILogger Log,
    TextWriter Output,
    SecretRedactor Redactor,
    TimeProvider Clock,
    Random Random,
    Func<IDictionary> EnvironmentVariables)
{
    /// <summary>The real world: stdout, the system clock, the process's environment.</summary>
    public static ModeContext ForProcess(CronLockOptions options, ILogger log) =>
        new(options, log, Console.Out, new SecretRedactor([.. options.Redis.Secrets]), TimeProvider.System, Random.Shared, Environment.GetEnvironmentVariables);
}
