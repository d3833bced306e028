namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>What one run of a helper program did.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string[] OutputLines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n  stdout: {StandardOutput.TrimEnd()}\n  stderr: {StandardError.TrimEnd()}";
}
