using System.Diagnostics;
using System.Text;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A <c>redis-server</c> or <c>redis-sentinel</c> child on 127.0.0.1: started on a free port, proven up by a PING
/// over the client connection it keeps, its log kept for failure messages; on dispose given a bounded wait to exit,
/// then killed, its scratch directory deleted.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _directory;
    private readonly string _binary;

    private ConnectionMultiplexer? _connection;

    private ServerProcess(Process process, StringBuilder log, string directory, string binary, int port)
    {
        _process = process;
        _log = log;
        _directory = directory;
        _binary = binary;
        Endpoint = new RedisEndpoint("127.0.0.1", port);
    }

    public RedisEndpoint Endpoint { get; }

    /// <summary>The client that proved the server up; disposed with it.</summary>
    public ConnectionMultiplexer Connection => _connection!;

    /// <summary>This process's own server on <see cref="Connection"/>, never another node it knows of.</summary>
    public IServer Server => Connection.GetServer(Endpoint.Host, Endpoint.Port);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the server on a free port and waits until it answers PING over a client made with
    /// <paramref name="clientOptions"/>. The free port can be taken between choosing and binding it; a fresh port
    /// usually wins the second time.
    /// </summary>
    /// <param name="binary">The program, found on PATH.</param>
    /// <param name="directoryPrefix">Prefix of the scratch directory this process owns.</param>
    /// <param name="argumentsAsync">The program's arguments for a port and the scratch directory; may write files there.</param>
    /// <param name="clientOptions">How a client reaches the server on a port.</param>
    public static async Task<ServerProcess> StartAsync(
        string binary,
        string directoryPrefix,
        Func<int, string, Task<IEnumerable<string>>> argumentsAsync,
        Func<int, ConfigurationOptions> clientOptions,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(binary, directoryPrefix, argumentsAsync, clientOptions, FreePort.Next(), cancellationToken);
            }
            catch (RedisServerStartException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<ServerProcess> StartOnceAsync(
        string binary,
        string directoryPrefix,
        Func<int, string, Task<IEnumerable<string>>> argumentsAsync,
        Func<int, ConfigurationOptions> clientOptions,
        int port,
        CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory(directoryPrefix).FullName;
        var startInfo = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in await argumentsAsync(port, directory))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            TryDelete(directory);
            throw new InvalidOperationException($"Cannot start '{binary}' (is Redis installed? apt-get install redis-server redis-sentinel): {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, log, directory, binary, port);
        if (!await server.WaitUntilAnsweringAsync(clientOptions, cancellationToken))
        {
            await server.KillAsync();
            var output = server.Log;
            await server.DisposeAsync();
            throw new RedisServerStartException($"{binary} on port {port} did not answer PING. Its log:\n{output}");
        }

        return server;
    }

    private async Task<bool> WaitUntilAnsweringAsync(Func<int, ConfigurationOptions> clientOptions, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout && !_process.HasExited)
        {
            ConnectionMultiplexer? connection = null;
            try
            {
                connection = await ConnectionMultiplexer.ConnectAsync(clientOptions(Endpoint.Port));
                var server = connection.GetServer(Endpoint.Host, Endpoint.Port);
                await server.PingAsync();

                // Servers started side by side can draw the same free port: the one that lost the bind is
                // on its way out, and the PING was answered by the other. Only our own process counts.
                if (await AnsweringProcessIdAsync(server) is not { } answering || answering == _process.Id)
                {
                    _connection = connection;
                    return true;
                }

                await connection.DisposeAsync();
                await Task.Delay(50, cancellationToken);
            }
            catch (RedisConnectionException)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                await Task.Delay(50, cancellationToken);
            }
        }

        return false;
    }

    /// <summary>The pid INFO reports, or null when this client may not ask (an ACL user without INFO).</summary>
    private static async Task<int?> AnsweringProcessIdAsync(IServer server)
    {
        try
        {
            var info = await server.InfoAsync("server");
            var pid = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "process_id").Value;
            return int.TryParse(pid, out var value) ? value : null;
        }
        catch (RedisServerException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL to the process and its tree, then a bounded wait for it to go.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
        }
    }

    /// <summary>Gives a process that was asked to stop (SHUTDOWN) a bounded time to go, then kills it, and cleans up.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        using (var stop = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }

        _process.Dispose();
        TryDelete(_directory);
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public override string ToString() => $"{_binary} {Endpoint.Host}:{Endpoint.Port}\n{Log}";

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
