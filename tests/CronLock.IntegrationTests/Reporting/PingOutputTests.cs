namespace CronLock.IntegrationTests.Reporting;

/// <summary>
/// CRONLOCK_PING_URL without QUIET: the job's output goes through cronlock as it comes (byte-exact, not held to the
/// end), and its last bytes are the end ping's body, cut to the server's Ping-Body-Limit with a marker in front.
/// </summary>
public sealed class PingOutputTests(RedisFixture redis)
{
    private static CronLockInvocation Invocation(PingServer server, params string[] command) =>
        new CronLockInvocation(["--key", TestNames.Key(), "--grace", "0", .. command]).WithEnvironment("CRONLOCK_PING_URL", server.Url("k3y"));

    [Fact]
    public async Task OutputIsStreamedThroughAsItComes_NotAtTheEnd()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start();

        await using var run = CronLockProcess.Start(redis.Endpoint, Invocation(server, "sh", "-c", "echo first; sleep 30; echo second"));
        await Poll.UntilAsync(() => run.StandardOutputSoFar.Contains("first", StringComparison.Ordinal) || run.HasExited, TimeSpan.FromSeconds(10), "the job's first line", cancellationToken);

        Assert.Equal("first\n", run.StandardOutputSoFar);
        Assert.False(run.HasExited, "The line came only when the job ended.");
    }

    [Fact]
    public async Task OneMegabyteOfBinaryOutput_PassesThroughIntact_AndTheBodyIsItsTail()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = PingServer.Start(_ => new PingAnswer(200, Headers: [("Ping-Body-Limit", "100")]));
        // 4096 rounds of every byte value: 1 MiB, ending on byte 255, written by the job with cat.
        using var workspace = Workspace.Create();
        var expected = Enumerable.Repeat(Enumerable.Range(0, 256).Select(b => (byte)b), 4096).SelectMany(b => b).ToArray();
        await File.WriteAllBytesAsync(workspace.PathOf("binary"), expected, cancellationToken);

        var result = await CronLockProcess.RunAsync(redis.Endpoint, Invocation(server, "cat", workspace.PathOf("binary")), TimeSpan.FromSeconds(60), cancellationToken);

        result.ShouldExitWith(0);
        Assert.Equal(expected.Length, result.StandardOutputBytes.Length);
        Assert.True(expected.AsSpan().SequenceEqual(result.StandardOutputBytes), "The output was changed on its way through cronlock.");
        var end = Assert.Single(server.To("/0"));
        Assert.True(end.Body.Length <= 100, $"The body is {end.Body.Length} bytes, over the server's limit of 100.");
        Assert.StartsWith("[cronlock:", end.BodyText, StringComparison.Ordinal);
    }
}
