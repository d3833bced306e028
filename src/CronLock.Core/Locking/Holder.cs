using System.Globalization;

namespace CronLock.Core.Locking;

/// <summary>
/// Who this run is. The id (host, pid, random part) tells two runs apart even when they wrote
/// the same expiry second, which the golock-format value alone cannot.
/// </summary>
internal sealed record Holder(string Id, string Host, int Pid, string CommandLine, string Reason = "")
{
    public static Holder ForThisProcess(string commandLine, Random random, string reason = "")
    {
        var host = Environment.MachineName;
        var pid = Environment.ProcessId;
        var id = string.Create(CultureInfo.InvariantCulture, $"{host}:{pid}:{random.NextInt64():x16}");
        return new Holder(id, host, pid, commandLine, reason);
    }
}
