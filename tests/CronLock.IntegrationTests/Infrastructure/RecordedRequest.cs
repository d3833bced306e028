namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>One request as the server saw it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, byte[] Body, string? ContentType)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The rid= query value; empty without one.</summary>
    public string RunId => Query.StartsWith("rid=", StringComparison.Ordinal) ? Query[4..] : "";
}
