namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>Whether a Docker engine answers here, decided quickly so machines without one lose no time.</summary>
internal static class DockerEngine
{
    private const string DefaultSocket = "/var/run/docker.sock";
    private static readonly TimeSpan InfoTimeout = TimeSpan.FromSeconds(3);

    public static async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        // A Docker CLI without an engine is common (CI images, dev boxes): check the socket before spending a process.
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var socket = string.IsNullOrEmpty(dockerHost) ? DefaultSocket
            : dockerHost.StartsWith("unix://", StringComparison.Ordinal) ? dockerHost["unix://".Length..]
            : null;
        if (socket is null || !File.Exists(socket))
        {
            return false;
        }

        try
        {
            var info = await ToolProcess.RunAsync(ToolProcess.StartInfo("docker", ["info", "--format", "{{.ServerVersion}}"]), InfoTimeout, cancellationToken);
            return info.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            // No docker CLI, or one that hangs on an engine that does not answer.
            return false;
        }
    }
}
