using System.Buffers;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// The last N packets of one producer, so the SFU can answer a subscriber's generic NACK (RFC 4585
/// §6.2.1) itself instead of asking the publisher again. A ring indexed by sequence number modulo N over
/// one pooled block of memory: storing copies into a fixed slot, nothing is allocated per packet.
/// Not thread-safe; the owning <see cref="Producer"/> locks around it.
/// </summary>
public sealed class RtpPacketCache : IDisposable
{
    private readonly int _capacity;
    private readonly int _slotSize;
    private readonly long _maxAgeTicks;
    private readonly Slot[] _slots;
    private byte[]? _memory;

    private struct Slot
    {
        public int Length;
        public ushort SequenceNumber;
        public uint Ssrc;
        public long StoredAt;
    }

    public RtpPacketCache(int capacity, int slotSize, long maxAgeTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 12);
        _capacity = capacity;
        _slotSize = slotSize;
        _maxAgeTicks = maxAgeTicks;
        _slots = new Slot[capacity];
        _memory = ArrayPool<byte>.Shared.Rent(capacity * slotSize);
    }

    public int Capacity => _capacity;

    /// <summary>Keeps a copy of <paramref name="packet"/>. Packets bigger than a slot are not cached.</summary>
    public void Store(ReadOnlySpan<byte> packet, uint ssrc, ushort sequenceNumber, long now)
    {
        if (_memory is null || packet.Length > _slotSize) return;
        int index = sequenceNumber % _capacity;
        packet.CopyTo(_memory.AsSpan(index * _slotSize, _slotSize));
        _slots[index] = new Slot { Length = packet.Length, SequenceNumber = sequenceNumber, Ssrc = ssrc, StoredAt = now };
    }

    /// <summary>
    /// Copies packet <paramref name="sequenceNumber"/> of <paramref name="ssrc"/> into <paramref name="destination"/>.
    /// False when it was never stored, has been overwritten by a newer one, or is older than the maximum age.
    /// </summary>
    public bool TryCopy(uint ssrc, ushort sequenceNumber, long now, Span<byte> destination, out int length)
    {
        length = 0;
        if (_memory is null) return false;
        ref Slot slot = ref _slots[sequenceNumber % _capacity];
        if (slot.Length == 0 || slot.SequenceNumber != sequenceNumber || slot.Ssrc != ssrc
            || now - slot.StoredAt > _maxAgeTicks || destination.Length < slot.Length)
        {
            return false;
        }

        _memory.AsSpan(sequenceNumber % _capacity * _slotSize, slot.Length).CopyTo(destination);
        length = slot.Length;
        return true;
    }

    public void Dispose()
    {
        byte[]? memory = Interlocked.Exchange(ref _memory, null);
        if (memory is not null) ArrayPool<byte>.Shared.Return(memory);
    }
}
