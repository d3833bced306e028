namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>How the server answers a request.</summary>
internal sealed record PingAnswer(int Status, TimeSpan Delay = default, IReadOnlyList<(string Name, string Value)>? Headers = null);
