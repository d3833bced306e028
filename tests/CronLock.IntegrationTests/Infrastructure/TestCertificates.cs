namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway CA and a server certificate it signed for <c>localhost</c> and <c>127.0.0.1</c> (SAN), made with the
/// openssl CLI in a temporary directory that goes away on dispose. Nothing touches the system trust store: a
/// process trusts the CA only when told so (SSL_CERT_FILE or CRONLOCK_TLS_CA for cronlock, TrustIssuer for the
/// test's client). Beside it, the certificates a production setup gets wrong: a client certificate for mutual TLS,
/// an expired server certificate, one issued for another host name, and a second CA that signed none of them.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string CaCertificateFile => Path.Combine(Directory, "ca.crt");

    public string ServerCertificateFile => Path.Combine(Directory, "server.crt");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    /// <summary>Signed by the CA for client authentication (CN cronlock-client), for <c>--tls-auth-clients yes</c>.</summary>
    public string ClientCertificateFile => Path.Combine(Directory, "client.crt");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>Right CA and host names (localhost, 127.0.0.1), but valid only in January 2020.</summary>
    public string ExpiredServerCertificateFile => Path.Combine(Directory, "expired.crt");

    public string ExpiredServerKeyFile => Path.Combine(Directory, "expired.key");

    /// <summary>Right CA and dates, but issued for <see cref="OtherHostName"/> only: wrong for 127.0.0.1 and localhost.</summary>
    public string OtherHostServerCertificateFile => Path.Combine(Directory, "other-host.crt");

    public string OtherHostServerKeyFile => Path.Combine(Directory, "other-host.key");

    /// <summary>The one name in <see cref="OtherHostServerCertificateFile"/>; it resolves nowhere.</summary>
    public string OtherHostName => "redis.test";

    /// <summary>A second CA that signed nothing here: trusting it alone must not make any server certificate valid.</summary>
    public string OtherCaCertificateFile => Path.Combine(Directory, "other-ca.crt");

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
            await CreateExtrasAsync(directory, cancellationToken);
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    private static async Task CreateExtrasAsync(string directory, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(
            Path.Combine(directory, "client.ext"),
            "basicConstraints=critical,CA:FALSE\n" +
            "keyUsage=critical,digitalSignature\n" +
            "extendedKeyUsage=clientAuth\n",
            cancellationToken);
        await File.WriteAllTextAsync(
            Path.Combine(directory, "other-host.ext"),
            "subjectAltName=DNS:redis.test\n" +
            "basicConstraints=critical,CA:FALSE\n" +
            "keyUsage=critical,digitalSignature,keyEncipherment\n" +
            "extendedKeyUsage=serverAuth\n",
            cancellationToken);

        // `openssl x509 -req` (OpenSSL 3.0) cannot back-date a certificate; `openssl ca` can, given a minimal CA
        // database in the same directory.
        await File.WriteAllTextAsync(
            Path.Combine(directory, "ca.cnf"),
            "[ca]\ndefault_ca = test_ca\n" +
            "[test_ca]\ndatabase = index.txt\nnew_certs_dir = .\nserial = ca.serial\ndefault_md = sha256\n" +
            "policy = any\nunique_subject = no\ncopy_extensions = none\n" +
            "[any]\ncommonName = supplied\n",
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "index.txt"), "", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.serial"), "1000\n", cancellationToken);

        await NewKeyAndRequestAsync(directory, "client", "/CN=cronlock-client", cancellationToken);
        await OpenSslAsync(directory, cancellationToken,
            "x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "client.crt", "-days", "2", "-extfile", "client.ext");

        await NewKeyAndRequestAsync(directory, "other-host", "/CN=redis.test", cancellationToken);
        await OpenSslAsync(directory, cancellationToken,
            "x509", "-req", "-in", "other-host.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "other-host.crt", "-days", "2", "-extfile", "other-host.ext");

        await NewKeyAndRequestAsync(directory, "expired", "/CN=localhost", cancellationToken);
        await OpenSslAsync(directory, cancellationToken,
            "ca", "-config", "ca.cnf", "-batch", "-notext", "-keyfile", "ca.key", "-cert", "ca.crt",
            "-in", "expired.csr", "-out", "expired.crt",
            "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-extfile", "server.ext");

        await OpenSslAsync(directory, cancellationToken,
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "2", "-subj", "/CN=CronLock Integration Test Other CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private static Task NewKeyAndRequestAsync(string directory, string name, string subject, CancellationToken cancellationToken) =>
        OpenSslAsync(directory, cancellationToken,
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);

    private static async Task OpenSslAsync(string directory, CancellationToken cancellationToken, params string[] arguments)
    {
        var startInfo = ToolProcess.StartInfo("openssl", arguments);
        startInfo.WorkingDirectory = directory;
        var result = await ToolProcess.RunAsync(startInfo, ToolProcess.DefaultTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"openssl {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
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
