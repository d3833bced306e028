using System.Reflection;

namespace CronLock.CommandLine;

/// <summary>"cronlock 1.0.0 (commit 0123abc)", from the informational version the SDK stamps with the git commit.</summary>
internal static class VersionText
{
    public static string Get()
    {
        var informational = typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return $"cronlock {informational}";
        }

        var commit = informational[(plus + 1)..];
        return $"cronlock {informational[..plus]} (commit {commit[..Math.Min(12, commit.Length)]})";
    }
}
