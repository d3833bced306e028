namespace CronLock.Options;

/// <summary>Which tool's key derivation to reproduce, so mixed fleets share locks.</summary>
internal enum KeyStyle
{
    /// <summary>md5 of the arguments joined by single spaces (golock).</summary>
    Golock,

    /// <summary>md5 of <c>echo "$@"</c>: the same string plus a newline (bash cronlock).</summary>
    Cronlock,
}
