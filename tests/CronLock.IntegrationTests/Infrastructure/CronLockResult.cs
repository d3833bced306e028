namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>What one cronlock run did, as a shell script calling it would see it.</summary>
internal sealed record CronLockResult(CronLockInvocation Invocation, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    /// <summary>Stdout byte for byte (<see cref="StandardOutput"/> is it decoded as UTF-8).</summary>
    public byte[] StandardOutputBytes { get; init; } = [];

    /// <summary>Asserts the exit code, showing everything the run printed when it differs.</summary>
    public CronLockResult ShouldExitWith(int expected)
    {
        Assert.True(ExitCode == expected, $"Expected exit {expected}, got {ExitCode}.\n{this}");
        return this;
    }

    /// <summary>Stderr lines without the trailing newline; a contract error is exactly one of them.</summary>
    public string[] StandardErrorLines => StandardError.Length == 0 ? [] : StandardError.TrimEnd('\n').Split('\n');

    public override string ToString() =>
        $"{Invocation}\n  exit {ExitCode} after {Duration.TotalSeconds:0.000} s\n" +
        $"  stderr: {Quote(StandardError)}\n  stdout: {Quote(StandardOutput)}";

    private static string Quote(string text) => text.Length == 0 ? "(empty)" : text.Replace("\n", "\n          ", StringComparison.Ordinal);
}
