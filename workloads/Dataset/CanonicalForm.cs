using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Bench.Dataset;

/// <summary>
/// The canonical byte form of an order that the fingerprint hashes: fields in <see cref="Order"/>'s
/// declared order, UTF-8, separated by 0x1F, one order per line; money in cents, instants in Unix
/// seconds. Any change to a generated value changes these bytes, so the fingerprint catches it.
/// </summary>
public static class CanonicalForm
{
    /// <summary>
    /// SHA-256 of a chunk's canonical form, streamed through a small per-thread buffer: a whole chunk's
    /// bytes (~3 MB) would be a large-object-heap allocation per chunk, which only full collections reclaim.
    /// </summary>
    public static byte[] Hash(IReadOnlyList<Order> orders)
    {
        var buffer = Scratch ??= new ArrayBufferWriter<byte>(FlushAt + 4_096);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var order in orders)
        {
            Write(buffer, order);
            if (buffer.WrittenCount >= FlushAt)
            {
                hash.AppendData(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }
        hash.AppendData(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
        return hash.GetHashAndReset();
    }

    private const int FlushAt = 48 * 1024; // stays under the 85 KB large-object threshold

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? Scratch;

    private const byte FieldSeparator = 0x1F;
    private const byte RecordSeparator = (byte)'\n';

    public static void Write(ArrayBufferWriter<byte> buffer, Order order)
    {
        WriteText(buffer, order.OrderId);
        WriteText(buffer, order.UserId);
        WriteText(buffer, order.Status);
        WriteText(buffer, order.Country);
        WriteText(buffer, order.PaymentProvider);
        WriteText(buffer, order.Currency);
        WriteInteger(buffer, decimal.ToInt64(order.Total * 100));
        WriteInteger(buffer, order.ItemCount);
        WriteInteger(buffer, new DateTimeOffset(order.CreatedAt).ToUnixTimeSeconds());
        WriteInteger(buffer, new DateTimeOffset(order.UpdatedAt).ToUnixTimeSeconds());
        WriteText(buffer, order.ShippingCity);
        WriteText(buffer, order.ShippingAddress, RecordSeparator);
    }

    private static void WriteText(ArrayBufferWriter<byte> buffer, string value, byte terminator = FieldSeparator)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
        int written = Encoding.UTF8.GetBytes(value, span);
        span[written] = terminator;
        buffer.Advance(written + 1);
    }

    private static void WriteInteger(ArrayBufferWriter<byte> buffer, long value)
    {
        var span = buffer.GetSpan(21);
        Utf8Formatter.TryFormat(value, span, out int written);
        span[written] = FieldSeparator;
        buffer.Advance(written + 1);
    }
}
