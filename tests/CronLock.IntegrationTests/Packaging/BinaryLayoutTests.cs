namespace CronLock.IntegrationTests.Packaging;

/// <summary>
/// How cronlock's binaries are linked (src/CronLock/NativeAot.props): at a fixed address rather than as a PIE,
/// with the runtime's type data stored ready rather than dehydrated. Together they halve the page faults of a run
/// (docs/performance.md). A build that loses either setting still works, only slower, so only this notices.
/// </summary>
public sealed class BinaryLayoutTests
{
    [Theory]
    [InlineData("published")]
    [InlineData("host")]
    [InlineData("foreign")]
    public void Binary_IsLinkedAtAFixedAddress_WithoutDehydratedData(string which)
    {
        var path = which == "published" ? CronLockBinary.Path : ReleaseTarget.Named(which).Binary;

        var elf = ElfFile.Read(path);

        Assert.Equal(ElfFile.FixedAddressExecutable, elf.Type);
        Assert.Contains("__managedcode", elf.SectionNames);
        Assert.DoesNotContain(".hydrated", elf.SectionNames);
    }
}
