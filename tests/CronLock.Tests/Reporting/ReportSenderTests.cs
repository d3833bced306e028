using System.Net;
using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

public sealed class ReportSenderTests
{
    private static readonly Uri Url = new("https://hc.example/ping/s3cr3t-key");

    private static (ReportSender Sender, ScriptedHandler Handler, CollectedLog Log) Make(params HttpStatusCode[] answers)
    {
        var handler = new ScriptedHandler(answers);
        var log = new CollectedLog();
        return (new ReportSender(new HttpMessageInvoker(handler), TimeSpan.FromSeconds(5), log.Logger, text => text), handler, log);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Post_RetriesTwice_ThenWarnsOnce(HttpStatusCode status)
    {
        var (sender, handler, log) = Make(status);

        var headers = await sender.PostAsync("ping /0", Url, [], "text/plain");

        Assert.Null(headers);
        Assert.Equal(1 + ReportSender.MaxRetries, handler.Requests.Count);
        var warning = Assert.Single(log.Lines);
        Assert.StartsWith("Warning: ping /0 to https://hc.example/… failed: HTTP", warning);
        Assert.DoesNotContain("s3cr3t", warning);
    }

    [Fact]
    public async Task Post_A404_IsFinal()
    {
        var (sender, handler, log) = Make(HttpStatusCode.NotFound);

        await sender.PostAsync("ping /0", Url, [], "text/plain");

        Assert.Single(handler.Requests);
        Assert.Contains("HTTP 404", Assert.Single(log.Lines));
    }

    [Fact]
    public async Task Post_SucceedingOnTheRetry_SaysNothing()
    {
        var (sender, handler, log) = Make(HttpStatusCode.BadGateway, HttpStatusCode.OK);

        var headers = await sender.PostAsync("webhook", Url, [1, 2], "application/json");

        Assert.NotNull(headers);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Empty(log.Lines);
    }
}
