namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A host whose clock is off, made with libfaketime (Debian/Ubuntu package <c>faketime</c>): preloaded into cronlock
/// (and so into its job) through the environment, it shifts every time call the process makes, native AOT included.
/// </summary>
internal static class FakeClock
{
    private static readonly string[] Candidates =
    [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
        "/usr/local/lib/faketime/libfaketime.so.1",
    ];

    /// <summary>The variables that shift the process's clock by <paramref name="offset"/> (libfaketime syntax: "+10m").</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Shifted(string offset)
    {
        var library = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "libfaketime is not installed (looked in " + string.Join(", ", Candidates) + "): apt-get install -y faketime");
        return
        [
            new("LD_PRELOAD", library),
            new("FAKETIME", offset),
        ];
    }

    /// <summary>The unix second of the first log line cronlock wrote (its own clock), to prove the shift took effect.</summary>
    public static long FirstLogSecond(CronLockResult result)
    {
        var first = result.StandardErrorLines.FirstOrDefault() ?? "";
        var stamp = first.Split(' ', 2)[0];
        Assert.True(DateTimeOffset.TryParse(stamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at),
            $"No timestamped log line to read cronlock's clock from (run it with CRONLOCK_VERBOSE=yes).\n{result}");
        return at.ToUnixTimeSeconds();
    }
}
