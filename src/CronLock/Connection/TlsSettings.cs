using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CronLock.Files;
using CronLock.Options;
using StackExchange.Redis;

namespace CronLock.Connection;

/// <summary>
/// Applies the TLS settings to a connection: trusted CAs, client certificate, server name, and a
/// certificate check that remembers why it refused, so the error can say which problem it was.
/// </summary>
internal sealed class TlsSettings
{
    /// <summary>A CA bundle of a few hundred certificates fits; a bigger file is not a PEM file.</summary>
    private const int MaxPemBytes = 1024 * 1024;

    private readonly RedisTarget _target;
    private readonly X509Certificate2Collection? _trusted;
    private readonly X509Certificate2? _clientCertificate;

    private TlsSettings(RedisTarget target, X509Certificate2Collection? trusted, X509Certificate2? clientCertificate)
    {
        _target = target;
        _trusted = trusted;
        _clientCertificate = clientCertificate;
    }

    /// <summary>Why the last server certificate was refused; null when none was.</summary>
    public string? CertificateProblem { get; private set; }

    /// <summary>
    /// The server got as far as showing its certificate: a failure after that is the TLS
    /// handshake's (e.g. a client certificate it demands), not the network's.
    /// </summary>
    public bool ServerCertificateSeen { get; private set; }

    /// <summary>Forgets what the previous connect try saw.</summary>
    public void Reset()
    {
        CertificateProblem = null;
        ServerCertificateSeen = false;
    }

    /// <summary>Loads the PEM files; an unreadable or malformed file is an error naming its setting.</summary>
    public static (TlsSettings? Settings, string? Error) Load(RedisTarget target)
    {
        X509Certificate2Collection? trusted = null;
        X509Certificate2? client = null;
        string? current = null;
        try
        {
            if (target.TlsCaFile is { } ca)
            {
                current = $"{Settings.TlsCa.EnvVar} {ca}";
                var (pem, _, error) = SettingFile.Read(ca, Settings.TlsCa.EnvVar, MaxPemBytes);
                if (pem is null)
                {
                    return (null, error);
                }

                trusted = [];
                trusted.ImportFromPem(pem);
                if (trusted.Count == 0)
                {
                    return (null, $"{current} holds no PEM certificate");
                }
            }

            if (target.TlsCertFile is { } cert && target.TlsKeyFile is { } key)
            {
                var (certPem, _, certError) = SettingFile.Read(cert, Settings.TlsCert.EnvVar, MaxPemBytes);
                if (certPem is null)
                {
                    return (null, certError);
                }

                var (keyPem, _, keyError) = SettingFile.Read(key, Settings.TlsKey.EnvVar, MaxPemBytes);
                if (keyPem is null)
                {
                    return (null, keyError);
                }

                current = $"{Settings.TlsCert.EnvVar} {cert} / {Settings.TlsKey.EnvVar} {key}";
                client = X509Certificate2.CreateFromPem(certPem, keyPem);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return (null, $"{current} cannot be used: {e.Message.Split('\n')[0].Trim()}");
        }

        return (new TlsSettings(target, trusted, client), null);
    }

    public void ApplyTo(ConfigurationOptions configuration)
    {
        configuration.Ssl = true;
        configuration.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
        // A Redis server's certificate usually comes from a private CA with no CRL or OCSP; with
        // revocation checks on, every such certificate fails as "revocation status unknown".
        configuration.CheckCertificateRevocation = false;
        configuration.SslHost = _target.TlsServerName ?? (_target.Topology == RedisTopology.Single ? _target.Endpoints[0].Host : null);
        configuration.CertificateValidation += Validate;
        if (_clientCertificate is { } certificate)
        {
            configuration.CertificateSelection += (_, _, _, _, _) => certificate;
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        ServerCertificateSeen = true;
        if (_target.TlsSkipVerify)
        {
            return true;
        }

        if (_trusted is not null && certificate is not null && errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            // The chain failed against the system roots: judge it against the CAs we were given.
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if (custom.Build(server))
            {
                errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
            }
            else
            {
                CertificateProblem = Connection.CertificateProblem.Describe(errors, custom);
                return false;
            }
        }

        CertificateProblem = Connection.CertificateProblem.Describe(errors, chain);
        return errors == SslPolicyErrors.None;
    }
}
