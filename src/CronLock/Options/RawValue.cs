namespace CronLock.Options;

/// <summary>A setting's text as the user gave it, and where it came from (<c>--port</c> or <c>CRONLOCK_PORT</c>).</summary>
internal sealed record RawValue(string Text, string Origin);
