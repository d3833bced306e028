namespace CronLock.Running;

/// <summary>
/// The last bytes of the job's output, stdout and stderr as they were read, in order: what a run
/// record carries (a ping's body, the history). A ring: fixed memory however much the job prints.
/// </summary>
internal sealed class OutputTail(int capacity)
{
    /// <summary>What a run record keeps; the sinks trim further to their own limits.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly byte[] _ring = new byte[capacity];
    private long _total;

    /// <summary>Every byte ever appended, kept or not.</summary>
    public long Total => _total;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_ring.Length == 0)
        {
            _total += data.Length;
            return;
        }

        // Only the last `capacity` bytes of a long write can survive it.
        if (data.Length > _ring.Length)
        {
            _total += data.Length - _ring.Length;
            data = data[^_ring.Length..];
        }

        var at = (int)(_total % _ring.Length);
        var first = Math.Min(data.Length, _ring.Length - at);
        data[..first].CopyTo(_ring.AsSpan(at));
        data[first..].CopyTo(_ring);
        _total += data.Length;
    }

    /// <summary>The kept bytes, oldest first.</summary>
    public byte[] ToArray()
    {
        if (_ring.Length == 0)
        {
            return [];
        }

        if (_total <= _ring.Length)
        {
            return _ring.AsSpan(0, (int)_total).ToArray();
        }

        var at = (int)(_total % _ring.Length);
        return [.. _ring.AsSpan(at), .. _ring.AsSpan(0, at)];
    }
}
