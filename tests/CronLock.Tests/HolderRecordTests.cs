using System.Text.RegularExpressions;
using CronLock.Core;
using CronLock.Core.Locking;
using CronLock.Core.Locking.Scripts;

namespace CronLock.Tests;

/// <summary>The holder and last-run hashes: the field names the C# readers use are the ones the Lua scripts write, and the one holder reader.</summary>
public sealed class HolderRecordTests
{
    private static readonly string[] HolderFieldNames =
    [
        HolderFields.Id, HolderFields.Host, HolderFields.Pid, HolderFields.Started, HolderFields.Command,
        HolderFields.Token, HolderFields.Expires, HolderFields.Reason, HolderFields.Finished, HolderFields.Slot,
    ];

    private static readonly string[] LastRunFieldNames =
    [
        LastRunFields.Host, LastRunFields.Pid, LastRunFields.Command, LastRunFields.Token,
        LastRunFields.Started, LastRunFields.Ended, LastRunFields.Exit, LastRunFields.Duration,
    ];

    private static readonly string[] SlotFieldNames =
    [
        SlotFields.Slot, SlotFields.Host, SlotFields.Pid, SlotFields.Started, SlotFields.Token,
        SlotFields.Overrun, SlotFields.OverrunAt, SlotFields.OverrunHost, SlotFields.OverrunPid, SlotFields.OverrunStarted,
    ];

    private static readonly string[] Writers = [AcquireScript.Script.Text, RenewScript.Script.Text, LeaveScript.Script.Text];

    [Fact]
    public void HolderFields_AreExactlyTheFieldsTheScriptsWriteToTheHolder()
    {
        // KEYS[2] is the holder in every script that writes it.
        Assert.Equal(HolderFieldNames.Order(), Writers.SelectMany(text => Written(text, 2)).Distinct().Order());
    }

    [Fact]
    public void LastRunFields_AreExactlyTheFieldsTheLeaveScriptWritesToTheLastRun()
    {
        Assert.Equal(LastRunFieldNames.Order(), Written(LeaveScript.Script.Text, 3).Distinct().Order());
    }

    [Fact]
    public void SlotFields_AreExactlyTheFieldsTheAcquireScriptWritesToTheSlotRecord()
    {
        Assert.Equal(SlotFieldNames.Order(), Written(AcquireScript.Script.Text, 5).Distinct().Order());
    }

    [Fact]
    public void Scripts_ReadOnlyHolderFieldsFromTheHolder()
    {
        var read = LockScripts.All.SelectMany(s => Regex.Matches(s.Text, @"redis\.call\('HM?GET', KEYS\[2\],([^)]*)\)"))
            .SelectMany(call => Names(call.Groups[1].Value)).ToList();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.Contains(name, HolderFieldNames));
    }

    [Fact]
    public void Read_AHolderTheAcquireWrote_IsEveryField()
    {
        var holder = HolderRecord.Read(new Dictionary<string, string>
        {
            [HolderFields.Id] = "host-a:4242:00000000000000ab",
            [HolderFields.Host] = "host-a",
            [HolderFields.Pid] = "4242",
            [HolderFields.Started] = "1800000000",
            [HolderFields.Command] = "backup.sh",
            [HolderFields.Token] = "7",
            [HolderFields.Expires] = "1800000061",
            [HolderFields.Reason] = "nightly",
        });

        Assert.Equal(
            new LockHolderInfo("host-a:4242:00000000000000ab", "host-a", 4242, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), "backup.sh", "nightly", 7),
            holder);
        Assert.Null(holder.Finished);
    }

    [Fact]
    public void Read_AHolderKeptForGrace_HasWhenItsJobFinished()
    {
        var holder = HolderRecord.Read(new Dictionary<string, string> { [HolderFields.Finished] = "1800000030" });

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_030), holder.Finished);
    }

    [Fact]
    public void Read_MissingOrUnreadableFields_AreEmptyAndZero()
    {
        var holder = HolderRecord.Read(new Dictionary<string, string> { [HolderFields.Pid] = "x", [HolderFields.Token] = "" });

        Assert.Equal(new LockHolderInfo("", "", 0, DateTimeOffset.UnixEpoch, "", "", 0), holder);
    }

    /// <summary>The field names of the HSETs of KEYS[<paramref name="key"/>] in the text: every quoted word (the values are never literals).</summary>
    private static IEnumerable<string> Written(string text, int key) =>
        Regex.Matches(text, $@"redis\.call\('HSET', KEYS\[{key}\],([^)]*)\)").SelectMany(call => Names(call.Groups[1].Value));

    private static IEnumerable<string> Names(string arguments) => Regex.Matches(arguments, @"'(\w+)'").Select(m => m.Groups[1].Value);
}
