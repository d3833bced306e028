using System.Collections;
using System.Globalization;
using CronLock.Core.Locking;
using CronLock.Options;

namespace CronLock.Modes;

/// <summary>What the job's environment changes from cronlock's own.</summary>
internal static class JobEnvironment
{
    /// <summary>
    /// The lock key and fencing token for the job; every CRONLOCK_ variable that carries a secret
    /// (a Redis password, a reporting URL) removed (a null value), as <see cref="SecretSettings"/> decides.
    /// </summary>
    public static Dictionary<string, string?> Changes(IDictionary inherited, SecretRedactor passwords, string lockKey, long fencingToken)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in inherited)
        {
            if (variable is { Key: string name, Value: string value }
                && name.StartsWith("CRONLOCK_", StringComparison.Ordinal)
                && SecretSettings.CarriesSecret(name, value, passwords))
            {
                changes[name] = null;
            }
        }

        changes["CRONLOCK_LOCK_KEY"] = lockKey;
        changes["CRONLOCK_FENCING_TOKEN"] = fencingToken.ToString(CultureInfo.InvariantCulture);
        return changes;
    }
}
