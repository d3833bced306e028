using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests.Packaging;

/// <summary>Runs the Debian tools the package tests use, and answers what dpkg's configuration on this machine does.</summary>
internal static class DebTools
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var startInfo = ToolProcess.StartInfo(program, arguments);
        CronLockProcess.RemoveInheritedSettings(startInfo.Environment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var result = await ToolProcess.RunAsync(startInfo, timeout ?? ToolProcess.DefaultTimeout, TestContext.Current.CancellationToken);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public static bool IsOnPath(string program) =>
        SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(directory => File.Exists(Path.Combine(directory, program)));

    /// <summary>PATH with the sbin directories, where dpkg and the programs it looks for live, also for a user who is not root.</summary>
    public static string SearchPath =>
        string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin"]).Distinct(StringComparer.Ordinal));

    /// <summary>Whether a path-exclude in dpkg's configuration (and no later path-include) keeps dpkg from installing a file.</summary>
    public static bool DpkgExcludes(string path)
    {
        var files = new[] { "/etc/dpkg/dpkg.cfg" }
            .Concat(Directory.Exists("/etc/dpkg/dpkg.cfg.d") ? Directory.GetFiles("/etc/dpkg/dpkg.cfg.d").Order(StringComparer.Ordinal) : [])
            .Where(File.Exists);
        var excluded = false;
        foreach (var line in files.SelectMany(File.ReadLines).Select(l => l.Trim()))
        {
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["path-exclude" or "path-include", var pattern] && GlobRegex(pattern).IsMatch(path))
            {
                excluded = parts[0] == "path-exclude";
            }
        }

        return excluded;
    }

    private static Regex GlobRegex(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$");
}
