using System.Diagnostics;

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

        var startInfo = new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(InfoTimeout);
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                await drain;
                return process.ExitCode == 0;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
        }
    }
}
