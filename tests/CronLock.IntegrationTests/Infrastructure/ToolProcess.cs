using System.Diagnostics;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a helper program (sh, redis-cli, openssl, dpkg, md5sum…) with stdin closed and both streams captured.
/// Bounded: one that hangs is killed with its children, and a <see cref="TimeoutException"/> names it.
/// </summary>
internal static class ToolProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Every stream redirected; add environment or a working directory before <see cref="Start"/>.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>Starts the program and closes its stdin at once: a tool must never wait on the test host's input.</summary>
    public static Process Start(ProcessStartInfo startInfo)
    {
        var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Waits for the exit, draining both streams; past <paramref name="timeout"/> kills the process tree and throws.</summary>
    public static async Task<ToolResult> WaitAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{Describe(process.StartInfo)} did not finish within {timeout.TotalSeconds:0.#} s and was killed. Its stderr so far:\n{await error}");
        }

        return new ToolResult(process.ExitCode, await output, await error);
    }

    public static async Task<ToolResult> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Start(startInfo);
        return await WaitAsync(process, timeout, cancellationToken);
    }

    public static Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(StartInfo(program, arguments), DefaultTimeout, cancellationToken);

    /// <summary>The command line, for messages.</summary>
    public static string Describe(ProcessStartInfo startInfo) => $"{startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}";
}
