namespace CronLock.Options;

/// <summary>Either the validated options or the first error, as one line that names the setting and value.</summary>
internal sealed record ValidationResult(CronLockOptions? Options, string? Error)
{
    public static ValidationResult Valid(CronLockOptions options) => new(options, null);

    public static ValidationResult Invalid(string error) => new(null, error);
}
