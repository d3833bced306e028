using System.Diagnostics;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway CA and a server certificate it signed for <c>localhost</c> and <c>127.0.0.1</c> (SAN), made with the
/// openssl CLI in a temporary directory that goes away on dispose. Nothing touches the system trust store: a
/// process trusts the CA only when told so (SSL_CERT_FILE for cronlock, TrustIssuer for the test's client).
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly TimeSpan OpenSslTimeout = TimeSpan.FromSeconds(30);

    private TestCertificates(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string CaCertificateFile => Path.Combine(Directory, "ca.crt");

    public string ServerCertificateFile => Path.Combine(Directory, "server.crt");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public static async Task<TestCertificates> CreateAsync(CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("cronlock-it-certs-").FullName;
        var certificates = new TestCertificates(directory);
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(directory, "server.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n" +
                "basicConstraints=critical,CA:FALSE\n" +
                "keyUsage=critical,digitalSignature,keyEncipherment\n" +
                "extendedKeyUsage=serverAuth\n",
                cancellationToken);

            await OpenSslAsync(directory, cancellationToken,
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=CronLock Integration Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            await OpenSslAsync(directory, cancellationToken,
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
            await OpenSslAsync(directory, cancellationToken,
                "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    private static async Task OpenSslAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OpenSslTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"openssl {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}{await error}");
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
