using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CronLock.Connection;

/// <summary>Says in words why a server certificate was refused. Null when it was accepted.</summary>
internal static class CertificateProblem
{
    public static string? Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        if (errors == SslPolicyErrors.None)
        {
            return null;
        }

        var problems = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problems.Add("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add("it was issued for another host name");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
            if (status.HasFlag(X509ChainStatusFlags.NotTimeValid))
            {
                problems.Add("it has expired or is not yet valid");
            }

            if (status.HasFlag(X509ChainStatusFlags.UntrustedRoot) || status.HasFlag(X509ChainStatusFlags.PartialChain))
            {
                problems.Add("it is signed by a CA this host does not trust");
            }

            if (status.HasFlag(X509ChainStatusFlags.Revoked))
            {
                problems.Add("it has been revoked");
            }

            if (status.HasFlag(X509ChainStatusFlags.RevocationStatusUnknown) || status.HasFlag(X509ChainStatusFlags.OfflineRevocation))
            {
                problems.Add("its revocation status cannot be checked");
            }

            if (problems.Count == 0)
            {
                problems.Add($"its chain is invalid ({status})");
            }
        }

        return string.Join(", ", problems);
    }
}
