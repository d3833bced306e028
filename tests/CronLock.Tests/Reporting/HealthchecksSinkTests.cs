using System.Net;
using System.Text;
using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

public sealed class HealthchecksSinkTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

    private static RunRecord Record(RunKind kind, int code, string? reason = null, byte[]? tail = null) =>
        new("cronlock.k", "web1", 1, "job", kind == RunKind.Held ? null : 7, At, At.AddSeconds(1), code, kind, reason, tail);

    private static (HealthchecksSink Sink, ScriptedHandler Handler) Make(bool pingHeld = false, ScriptedHandler? handler = null)
    {
        handler ??= new ScriptedHandler(HttpStatusCode.OK);
        var sender = new ReportSender(new HttpMessageInvoker(handler), TimeSpan.FromSeconds(5), new CollectedLog().Logger, text => text.Replace("s3cr3t", "***"));
        return (new HealthchecksSink(sender, new Uri("http://hc.example/ping/uuid/"), pingHeld, text => text.Replace("s3cr3t", "***")), handler);
    }

    [Fact]
    public async Task AWonRun_PingsStartThenItsExitCode_WithOneRunId_AndTheTailAsBody()
    {
        var (sink, handler) = Make();

        sink.LockTaken(new RunStart(7, At));
        await sink.FinishedAsync(Record(RunKind.Ran, 3, tail: Encoding.UTF8.GetBytes("done\n")));

        var requests = handler.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Matches("^/ping/uuid/start\\?rid=[0-9a-f-]{36}$", requests[0].Path);
        var rid = requests[0].Path[^36..];
        Assert.Equal($"/ping/uuid/3?rid={rid}", requests[1].Path);
        Assert.Equal("done\n", Encoding.UTF8.GetString(requests[1].Body));
    }

    [Fact]
    public async Task AWonRun_WithoutCapturedOutput_SendsAnEmptyBody()
    {
        var (sink, handler) = Make();

        sink.LockTaken(new RunStart(7, At));
        await sink.FinishedAsync(Record(RunKind.Ran, 0));

        Assert.Empty(handler.Requests[1].Body);
    }

    [Theory]
    [InlineData("Timeout", 202)]
    [InlineData("Lost", 203)]
    [InlineData("Error", 201)]
    public async Task ACronLockFailureAfterTheStart_PingsFail_WithTheRunIdAndTheRedactedReason(string outcome, int code)
    {
        var kind = Enum.Parse<RunKind>(outcome);
        var (sink, handler) = Make();

        sink.LockTaken(new RunStart(7, At));
        await sink.FinishedAsync(Record(kind, code, reason: "it went wrong at s3cr3t"));

        var requests = handler.Requests;
        Assert.Equal($"/ping/uuid/fail?rid={requests[0].Path[^36..]}", requests[1].Path);
        Assert.Equal("it went wrong at ***\n", Encoding.UTF8.GetString(requests[1].Body));
    }

    [Fact]
    public async Task AFailureBeforeTheLock_PingsFail_WithoutARunId()
    {
        var (sink, handler) = Make();

        await sink.FinishedAsync(Record(RunKind.Error, 201, reason: "Redis refused"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/ping/uuid/fail", request.Path);
    }

    [Fact]
    public async Task AHeldRun_PingsNothing_UnlessAskedToLog()
    {
        var (quiet, silent) = Make();
        var (logging, logged) = Make(pingHeld: true);

        await quiet.FinishedAsync(Record(RunKind.Held, 200, reason: "the lock is held elsewhere"));
        await logging.FinishedAsync(Record(RunKind.Held, 200, reason: "the lock is held elsewhere"));

        Assert.Empty(silent.Requests);
        var request = Assert.Single(logged.Requests);
        Assert.Equal("/ping/uuid/log", request.Path);
        Assert.Equal("the lock is held elsewhere\n", Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task TheEndPingsBody_KeepsWithinTheStartPingsBodyLimit()
    {
        var handler = new ScriptedHandler
        {
            Answer = _ =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK);
                response.Headers.TryAddWithoutValidation(PingBody.LimitHeader, "100");
                return response;
            },
        };
        var (sink, _) = Make(handler: handler);

        sink.LockTaken(new RunStart(7, At));
        await sink.FinishedAsync(Record(RunKind.Ran, 1, tail: Encoding.ASCII.GetBytes(new string('x', 500) + "THE END")));

        var body = Encoding.ASCII.GetString(handler.Requests[1].Body);
        Assert.Equal(100, body.Length);
        Assert.StartsWith("[cronlock: first ", body);
        Assert.EndsWith("xxTHE END", body);
    }
}
