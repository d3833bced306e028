using System.Diagnostics;

namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>Runs <c>redis-cli</c> as an operator would (<c>--cluster create</c>), bounded in time.</summary>
internal static class RedisCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <returns>Its stdout; throws with everything it printed when it fails or hangs.</returns>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"redis-cli {string.Join(' ', startInfo.ArgumentList)} did not finish within {Timeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"redis-cli {string.Join(' ', startInfo.ArgumentList)} exited {process.ExitCode}:\n{await output}{await error}");
        }

        return await output;
    }
}
