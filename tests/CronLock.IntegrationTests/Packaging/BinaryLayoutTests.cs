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

    [Fact]
    public async Task Binary_LaysOutTheMethodsARunExecutesTogether_AtTheStartOfItsCode()
    {
        // src/CronLock/cronlock.order lists them (bench/order/make.sh); without it they spread over all of the code, and
        // a run maps most of it (docs/performance.md).
        var elf = ElfFile.Read(CronLockBinary.Path);
        var code = Assert.Single(elf.Sections, s => s.Name == "__managedcode");
        var symbols = await CodeSymbolsAsync(CronLockBinary.Path + ".dbg");
        var listed = File.ReadLines(Repository.File("src/CronLock/cronlock.order"))
            .Where(symbols.ContainsKey)
            .Select(name => symbols[name])
            .Where(address => address >= code.Address && address < code.Address + code.Size)
            .ToList();

        Assert.True(listed.Count > 1000, $"only {listed.Count} methods of cronlock.order are in the binary's managed code: re-run bench/order/make.sh");
        var nearTheStart = listed.Count(address => address - code.Address < 1024 * 1024);
        Assert.True(nearTheStart >= listed.Count * 95 / 100,
            $"{nearTheStart} of the {listed.Count} listed methods are in the first MB of the {code.Size / 1024} KB of managed code: the order file was not applied");
    }

    /// <summary>The code symbols of an ELF file and their addresses, from `nm` (binutils, which the native build needs too).</summary>
    private static async Task<Dictionary<string, ulong>> CodeSymbolsAsync(string path)
    {
        var result = await ToolProcess.RunAsync(ToolProcess.StartInfo("nm", [path]), ToolProcess.DefaultTimeout, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"nm {path} failed: {result.StandardError}");
        var symbols = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var parts in result.StandardOutput.Split('\n').Select(line => line.Split(' ')))
        {
            if (parts is [var address, "t" or "T", var name])
            {
                symbols[name] = Convert.ToUInt64(address, 16);
            }
        }

        return symbols;
    }
}
