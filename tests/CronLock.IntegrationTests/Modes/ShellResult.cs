namespace CronLock.IntegrationTests.Modes;

/// <summary>What one <c>sh -c</c> line did.</summary>
internal sealed record ShellResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string[] OutputLines => StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n  stdout: {StandardOutput.TrimEnd()}\n  stderr: {StandardError.TrimEnd()}";
}
