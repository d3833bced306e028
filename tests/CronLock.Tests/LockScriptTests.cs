using System.Security.Cryptography;
using System.Text;
using CronLock.Core.Locking.Scripts;

namespace CronLock.Tests;

public sealed class LockScriptTests
{
    public static TheoryData<string> Names => new(LockScripts.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Sha1_MatchesTheScriptText_SoEvalshaFindsIt(string name)
    {
        var script = LockScripts.All.Single(s => s.Name == name);

        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(script.Text))), script.Sha1Hex);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Scripts_TouchOnlyTheKeysTheyDeclare(string name)
    {
        // Cluster and proxies route by KEYS[]: a script must never build a key name itself.
        var script = LockScripts.All.Single(s => s.Name == name);
        var calls = System.Text.RegularExpressions.Regex.Matches(script.Text, @"redis\.p?call\('(\w+)'(?:, ([^,)]+))?");

        Assert.NotEmpty(calls);
        foreach (var call in calls.Where(c => c.Groups[1].Value is not ("TIME" or "SELECT")))
        {
            Assert.StartsWith("KEYS[", call.Groups[2].Value);
        }
    }
}
