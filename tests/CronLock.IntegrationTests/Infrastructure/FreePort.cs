using System.Net;
using System.Net.Sockets;

namespace CronLock.IntegrationTests.Infrastructure;

internal static class FreePort
{
    /// <summary>
    /// A loopback port nothing listens on right now. Another process may take it before we use it; callers that
    /// bind it retry, callers that want a closed port accept the tiny risk.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
