using System.Security.Cryptography;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>A file's SHA-256 as hex: compares two binaries with a short failure message.</summary>
internal static class FileDigest
{
    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
