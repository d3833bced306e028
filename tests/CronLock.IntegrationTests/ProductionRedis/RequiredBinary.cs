namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>
/// Whether a Redis tool a scenario needs is installed. The only reason a test here may skip: `.ci/run` installs
/// them, so CI never does.
/// </summary>
internal static class RequiredBinary
{
    /// <summary>Null when every binary is on PATH, else the reason to skip, naming the first missing one.</summary>
    public static string? MissingOf(params string[] names)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var name in names)
        {
            var found = path.Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, name))
                .Any(candidate => File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0);
            if (!found)
            {
                return $"'{name}' is not installed (apt-get install redis-server redis-sentinel redis-tools); .ci/run installs it";
            }
        }

        return null;
    }
}
