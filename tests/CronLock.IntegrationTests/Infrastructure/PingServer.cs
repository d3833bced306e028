using System.Net;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A local HTTP server on 127.0.0.1 standing in for Healthchecks or a webhook collector: it records
/// every request (path with query, body) and answers as the test says (status, delay, headers).
/// </summary>
internal sealed class PingServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    private PingServer(int port, Func<RecordedRequest, PingAnswer> answer)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException)
        {
            // Unregisters the prefix, so the next try starts clean.
            _listener.Close();
            throw;
        }

        _serving = Task.Run(() => ServeAsync(answer));
    }

    public int Port { get; }

    /// <summary>A ping URL on this server; its last segment stands for the check's secret key.</summary>
    public string Url(string secret) => $"http://127.0.0.1:{Port}/ping/{secret}";

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static PingServer Start(Func<RecordedRequest, PingAnswer>? answer = null)
    {
        // Below the kernel's ephemeral range (32768 and up on Linux): a port found free there can be
        // taken a moment later as the local port of any outgoing connection the other tests make.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new PingServer(Random.Shared.Next(20000, 30000), answer ?? (_ => new PingAnswer(200)));
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                // Another process has that port: take another.
            }
        }
    }

    /// <summary>The requests whose path (without the query) ends with <paramref name="suffix"/>.</summary>
    public IReadOnlyList<RecordedRequest> To(string suffix) =>
        [.. Requests.Where(r => r.Path.EndsWith(suffix, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task ServeAsync(Func<RecordedRequest, PingAnswer> answer)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context, answer));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, Func<RecordedRequest, PingAnswer> answer)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var url = context.Request.Url!;
            var request = new RecordedRequest(context.Request.HttpMethod, url.AbsolutePath, url.Query.TrimStart('?'), body.ToArray(),
                context.Request.ContentType);
            lock (_requests)
            {
                _requests.Add(request);
            }

            var reply = answer(request);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stop.Token);
            }

            context.Response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers ?? [])
            {
                context.Response.AddHeader(name, value);
            }

            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The client gave up (a ping timeout) or the server stops: nothing to answer.
        }
    }
}
