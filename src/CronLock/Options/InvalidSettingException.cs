namespace CronLock.Options;

/// <summary>A bad setting, as the one-line message the user sees. Caught by the validator only.</summary>
internal sealed class InvalidSettingException(string message) : Exception(message);
