using System.Text;

namespace CronLock.Core.Locking;

/// <summary>
/// Redis Cluster's key-to-slot rule: CRC16/XMODEM of the key's UTF-8 bytes, or of its hash tag
/// (between the first '{' and the next '}', when not empty), modulo 16384. Computed here so the
/// companion keys of any lock key can be placed in its slot without asking a server.
/// </summary>
internal static class ClusterSlot
{
    public const int Count = 16384;

    public static int Of(string key) => Slot(Crc16(0, Encoding.UTF8.GetBytes(HashTag(key) ?? key)));

    /// <summary>The part a cluster hashes instead of the whole key; null when the key hashes whole.</summary>
    public static string? HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        return close > open + 1 ? key[(open + 1)..close] : null;
    }

    /// <summary>The slot a CRC16 stands for: Redis keeps its low 14 bits.</summary>
    public static int Slot(ushort crc) => crc & (Count - 1);

    /// <summary>CRC16/XMODEM (polynomial 0x1021, initial 0) of <paramref name="bytes"/>, continued from <paramref name="crc"/>.</summary>
    public static ushort Crc16(ushort crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc = (ushort)((crc << 8) ^ Table[(crc >> 8) ^ b]);
        }

        return crc;
    }

    /// <summary>The CRC of each byte value, so a byte costs one lookup instead of eight shifts (as Redis's crc16.c).</summary>
    private static readonly ushort[] Table = [.. Enumerable.Range(0, 256).Select(b => BitwiseCrc((ushort)(b << 8)))];

    private static ushort BitwiseCrc(ushort crc)
    {
        for (var bit = 0; bit < 8; bit++)
        {
            crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
        }

        return crc;
    }
}
