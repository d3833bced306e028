namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>Runs <c>redis-cli</c> as an operator would (<c>--cluster create</c>), bounded in time.</summary>
internal static class RedisCli
{
    /// <returns>Its stdout; throws with everything it printed when it fails or hangs.</returns>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = ToolProcess.StartInfo("redis-cli", arguments);
        var result = await ToolProcess.RunAsync(startInfo, ToolProcess.DefaultTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{ToolProcess.Describe(startInfo)} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        }

        return result.StandardOutput;
    }
}
