using System.Net;

namespace CronLock.Tests.Reporting;

/// <summary>Answers each request with the next scripted status (the last one repeats) and records what was asked.</summary>
internal sealed class ScriptedHandler(params HttpStatusCode[] answers) : HttpMessageHandler
{
    private readonly List<(string Path, byte[] Body)> _requests = [];

    public Func<HttpRequestMessage, HttpResponseMessage>? Answer { get; init; }

    public IReadOnlyList<(string Path, byte[] Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        int count;
        lock (_requests)
        {
            _requests.Add((request.RequestUri!.PathAndQuery, body));
            count = _requests.Count;
        }

        return Answer?.Invoke(request) ?? new HttpResponseMessage(answers[Math.Min(count, answers.Length) - 1]);
    }
}
