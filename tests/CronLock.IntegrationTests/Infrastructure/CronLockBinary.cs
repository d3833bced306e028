namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// Finds the published binary under test: CRONLOCK_BINARY when set, else
/// <c>&lt;repo root&gt;/artifacts/bin/cronlock</c>. A missing binary fails the test with the command that builds it;
/// skipping would let a broken publish pass CI.
/// </summary>
internal static class CronLockBinary
{
    private const string BinaryVariable = "CRONLOCK_BINARY";
    private const string SolutionFile = "CronLock.sln";

    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string Path => Resolved.Value;

    private static string Resolve()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(BinaryVariable);
        string path;
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            path = System.IO.Path.GetFullPath(fromEnvironment);
        }
        else
        {
            var root = FindRepositoryRoot()
                ?? throw new InvalidOperationException(
                    $"Cannot find the repository root (a directory containing {SolutionFile}) above {AppContext.BaseDirectory}; " +
                    $"set {BinaryVariable} to the cronlock binary.");
            path = System.IO.Path.Combine(root, "artifacts", "bin", "cronlock");
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The cronlock binary is missing at '{path}'. Publish it first: " +
                "`dotnet publish src/CronLock -c Release -r linux-x64 -o artifacts/bin` in the repository root, " +
                $"or point {BinaryVariable} at a built binary.");
        }

        if ((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
        {
            throw new InvalidOperationException($"The cronlock binary at '{path}' is not executable.");
        }

        return path;
    }

    internal static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
