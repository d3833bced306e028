using System.Globalization;

namespace CronLock.Options;

/// <summary>
/// A redis:// or rediss:// URL taken apart. The userinfo is split off first, up to the last '@',
/// so a password holding '/', '?', '#', '@' or ':' parses (encoded or not), and only the rest
/// (host, port, database) is parsed and ever quoted in an error: no error shows any part of the
/// userinfo.
/// </summary>
internal sealed record RedisUrl(bool Tls, HostPort Server, string? User, string? Password, int? Database)
{
    private const string Shape = "redis://[user[:password]@]host[:port][/db]";

    /// <summary>
    /// True when the text has a scheme ("name://"); anything else in CRONLOCK_URL is a
    /// StackExchange.Redis configuration string. A configuration string's value may hold "://"
    /// too, so only letters, digits and +-. before it make a scheme (RFC 3986).
    /// </summary>
    public static bool HasScheme(string text) => SchemeLength(text) > 0;

    /// <summary>The userinfo, still encoded (null when there is no '@'), and what follows it.</summary>
    public static (string? UserInfo, string AfterUserInfo) Split(string url)
    {
        var start = HasScheme(url) ? SchemeLength(url) + "://".Length : 0;
        var at = url.LastIndexOf('@');
        return at < start ? (null, url[start..]) : (url[start..at], url[(at + 1)..]);
    }

    /// <summary>True when the URL's userinfo has a password part (user:password, either part possibly percent-encoded).</summary>
    public static bool HasPassword(string url) =>
        Split(url).UserInfo is { } userInfo && Uri.UnescapeDataString(userInfo).Contains(':', StringComparison.Ordinal);

    /// <summary>Parses the URL; an <see cref="InvalidSettingException"/> names the part that is wrong.</summary>
    public static RedisUrl Parse(string url)
    {
        var scheme = url[..SchemeLength(url)].ToLowerInvariant();
        if (scheme is not ("redis" or "rediss"))
        {
            throw Invalid($"has the scheme \"{scheme}\"; use {Shape}, rediss:// for TLS, or a StackExchange.Redis configuration string");
        }

        var (userInfo, rest) = Split(url);
        string? user = null;
        string? password = null;
        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }

        // The query and fragment are ignored, as they always were.
        var end = rest.IndexOfAny(['?', '#']);
        var hostAndPath = end < 0 ? rest : rest[..end];
        var slash = hostAndPath.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? hostAndPath : hostAndPath[..slash];
        var path = slash < 0 ? "" : hostAndPath[slash..].Trim('/');

        return new RedisUrl(scheme == "rediss", ParseServer(authority), user?.Length > 0 ? user : null, password, ParseDatabase(path));
    }

    private static HostPort ParseServer(string authority)
    {
        // [v6]:port or host:port; the port is what follows the last ':' outside brackets.
        var colon = authority.LastIndexOf(':');
        if (colon >= 0 && authority.StartsWith('[') && colon < authority.LastIndexOf(']'))
        {
            colon = -1;
        }

        var host = colon < 0 ? authority : authority[..colon];
        var port = 6379;
        if (colon >= 0 && authority.Length > colon + 1
            && !(int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535))
        {
            throw Invalid($"has a port that is not a port number (1-65535): {Shape}");
        }

        if (host.Length == 0)
        {
            throw Invalid($"has no host: {Shape}");
        }

        // Uri checks the host (names, IPv4, [IPv6]) and gives an international name's ASCII form.
        if (!Uri.TryCreate($"redis://{host}/", UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Port != -1 || uri.AbsolutePath != "/")
        {
            throw Invalid($"has a host that is not a host name or address: {Shape}");
        }

        return new HostPort(uri.IdnHost.Trim('[', ']'), port);
    }

    private static int? ParseDatabase(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        return int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database)
            ? database
            : throw Invalid($"has \"/{path}\" where a database number belongs");
    }

    private static int SchemeLength(string text)
    {
        var end = text.IndexOf("://", StringComparison.Ordinal);
        return end > 0 && char.IsAsciiLetter(text[0]) && !text.AsSpan(0, end).ContainsAnyExcept(SchemeCharacters) ? end : 0;
    }

    private static readonly System.Buffers.SearchValues<char> SchemeCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    private static InvalidSettingException Invalid(string problem) => new($"{Settings.Url.EnvVar} {problem}");
}
