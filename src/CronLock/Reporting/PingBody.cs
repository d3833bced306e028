using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace CronLock.Reporting;

/// <summary>
/// A ping's body within the server's limit: the last bytes are kept (the end of a job's output says
/// why it failed), with a marker in front when some were dropped.
/// </summary>
internal static class PingBody
{
    /// <summary>Healthchecks' own default, used until the start ping's answer says otherwise.</summary>
    public const int DefaultLimit = 10_000;

    public const string LimitHeader = "Ping-Body-Limit";

    public static byte[] Marker(int dropped) => Encoding.UTF8.GetBytes($"[cronlock: first {dropped.ToString(CultureInfo.InvariantCulture)} bytes cut]\n");

    public static byte[] Fit(byte[] body, int limit)
    {
        if (body.Length <= limit)
        {
            return body;
        }

        // The marker's length depends on the count it shows, which depends on the marker's length:
        // grow it until the two agree (a digit more at most). A limit too small for it keeps bytes only.
        var markerLength = 0;
        while (true)
        {
            if (markerLength >= limit)
            {
                return body[^limit..];
            }

            var dropped = body.Length - (limit - markerLength);
            var marker = Marker(dropped);
            if (marker.Length == markerLength)
            {
                return [.. marker, .. body.AsSpan(dropped)];
            }

            markerLength = marker.Length;
        }
    }

    /// <summary>The limit a server announced in its answer's Ping-Body-Limit header; the default without one.</summary>
    public static int Limit(HttpResponseHeaders? headers) =>
        headers is not null
        && headers.TryGetValues(LimitHeader, out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
        && limit > 0
            ? limit
            : DefaultLimit;
}
