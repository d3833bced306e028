using System.Text;
using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

public sealed class PingBodyTests
{
    [Fact]
    public void Fit_ABodyWithinTheLimit_IsSentAsIs()
    {
        byte[] body = [1, 2, 3];

        Assert.Same(body, PingBody.Fit(body, 3));
    }

    [Theory]
    [InlineData(1000, 100)]
    [InlineData(20_000, 10_000)]
    [InlineData(101, 100)]
    [InlineData(5_000_000, 60)]
    public void Fit_KeepsTheLastBytes_BehindAMarker_WithinTheLimit(int length, int limit)
    {
        var body = Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();

        var fitted = PingBody.Fit(body, limit);

        Assert.Equal(limit, fitted.Length);
        var text = Encoding.UTF8.GetString(fitted);
        var marker = text[..(text.IndexOf('\n') + 1)];
        var dropped = length - (limit - marker.Length);
        Assert.Equal($"[cronlock: first {dropped} bytes cut]\n", marker);
        Assert.Equal(body[dropped..], fitted[marker.Length..]);
    }

    [Fact]
    public void Fit_ALimitTooSmallForTheMarker_KeepsOnlyTheLastBytes()
    {
        var fitted = PingBody.Fit(Encoding.ASCII.GetBytes("0123456789"), 4);

        Assert.Equal("6789", Encoding.ASCII.GetString(fitted));
    }

    [Theory]
    [InlineData("100", 100)]
    [InlineData("nonsense", PingBody.DefaultLimit)]
    [InlineData(null, PingBody.DefaultLimit)]
    public void Limit_ComesFromTheHeader_OrTheDefault(string? header, int expected)
    {
        using var response = new HttpResponseMessage();
        if (header is not null)
        {
            response.Headers.TryAddWithoutValidation(PingBody.LimitHeader, header);
        }

        Assert.Equal(expected, PingBody.Limit(response.Headers));
    }
}
