using System.Text.RegularExpressions;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>Files of the repository the tests run from, read independently of the build scripts.</summary>
internal static partial class Repository
{
    /// <summary>The path of <paramref name="relative"/> under the repository root (the directory holding CronLock.sln).</summary>
    public static string File(string relative) =>
        Path.Combine(
            CronLockBinary.FindRepositoryRoot() ?? throw new InvalidOperationException($"No CronLock.sln above {AppContext.BaseDirectory}."),
            relative);

    /// <summary>&lt;Version&gt; from Directory.Build.props.</summary>
    public static string Version()
    {
        var match = VersionRegex().Match(System.IO.File.ReadAllText(File("Directory.Build.props")));
        Assert.True(match.Success, "Directory.Build.props has no <Version>");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionRegex();
}
