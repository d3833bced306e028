using System.Buffers.Binary;
using System.Text;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>What the tests check in a 64-bit little-endian ELF file: its type, its CPU and its sections.</summary>
internal sealed record ElfFile(int Type, string Machine, IReadOnlyList<ElfSection> Sections)
{
    public IReadOnlyList<string> SectionNames => [.. Sections.Select(s => s.Name)];

    /// <summary>e_type of an executable linked at a fixed address (not position-independent).</summary>
    public const int FixedAddressExecutable = 2;

    public static ElfFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 64 && bytes.AsSpan(0, 4).SequenceEqual("\u007FELF"u8) && bytes[4] == 2 && bytes[5] == 1,
            $"{path} is not a 64-bit little-endian ELF file");

        var sectionHeaders = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x28));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3A));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3C));
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3E));
        var names = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(sectionHeaders + (namesIndex * entrySize) + 0x18));
        var sections = Enumerable.Range(0, count)
            .Select(i => sectionHeaders + (i * entrySize))
            .Select(header => (Name: names + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(header)),
                Address: BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(header + 0x10)), Size: BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(header + 0x20))))
            .Select(s => new ElfSection(Encoding.ASCII.GetString(bytes, s.Name, Array.IndexOf(bytes, (byte)0, s.Name) - s.Name), s.Address, s.Size))
            .ToList();

        return new ElfFile(
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(16)),
            Convert.ToHexStringLower(bytes, 18, 2),
            sections);
    }
}

/// <summary>One section: its name, where it is loaded and its size in bytes.</summary>
internal sealed record ElfSection(string Name, ulong Address, ulong Size);
