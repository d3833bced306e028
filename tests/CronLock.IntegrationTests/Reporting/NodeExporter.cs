using System.Diagnostics;

namespace CronLock.IntegrationTests.Reporting;

/// <summary>
/// Debian's prometheus-node-exporter with only its textfile collector, reading one directory on a free
/// loopback port: what a real scrape of cronlock's .prom files returns.
/// </summary>
internal sealed class NodeExporter : IAsyncDisposable
{
    private readonly Process _process;
    private readonly int _port;

    private NodeExporter(Process process, int port) => (_process, _port) = (process, port);

    public static async Task<NodeExporter> StartAsync(string textfileDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("prometheus-node-exporter")
        {
            ArgumentList = { "--collector.disable-defaults", "--collector.textfile", $"--collector.textfile.directory={textfileDirectory}", $"--web.listen-address=127.0.0.1:{port}" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var exporter = new NodeExporter(Process.Start(start)!, port);
        _ = exporter._process.StandardError.ReadToEndAsync(cancellationToken);
        await Poll.UntilAsync(async () => await exporter.TryScrapeAsync(cancellationToken) is not null, TimeSpan.FromSeconds(15), "node_exporter to answer", cancellationToken);
        return exporter;
    }

    /// <summary>The /metrics page, or null while it does not answer.</summary>
    public async Task<string?> TryScrapeAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return await client.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/metrics"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
