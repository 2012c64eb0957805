using RedConnect.Sfu.Dtls;

namespace RedConnect.Sfu.Tests.Dtls;

public sealed class DemuxedDatagramTransportTests
{
    [Fact]
    public void Receive_returns_minus_one_when_nothing_arrives_in_time()
    {
        var transport = new DemuxedDatagramTransport(_ => { });

        Assert.Equal(-1, transport.Receive(new byte[1500], 0, 1500, 50));
    }

    [Fact]
    public void Queued_datagrams_are_received_in_order_through_both_overloads()
    {
        var transport = new DemuxedDatagramTransport(_ => { });
        Assert.True(transport.TryEnqueue(new byte[] { 22, 1, 2 }));
        Assert.True(transport.TryEnqueue(new byte[] { 23, 4 }));

        byte[] buffer = new byte[1500];
        Assert.Equal(3, transport.Receive(buffer, 0, buffer.Length, 100));
        Assert.Equal(new byte[] { 22, 1, 2 }, buffer[..3]);
        Assert.Equal(2, transport.Receive(buffer.AsSpan(), 100));
        Assert.Equal(new byte[] { 23, 4 }, buffer[..2]);
    }

    [Fact]
    public void A_full_queue_drops_instead_of_blocking_the_receive_loop()
    {
        var transport = new DemuxedDatagramTransport(_ => { }, capacity: 2);

        Assert.True(transport.TryEnqueue(new byte[] { 22 }));
        Assert.True(transport.TryEnqueue(new byte[] { 22 }));
        Assert.False(transport.TryEnqueue(new byte[] { 22 }));
        Assert.False(transport.TryEnqueue(new byte[DemuxedDatagramTransport.MaxDatagramSize + 1]));
        Assert.Equal(2, transport.DroppedDatagrams);
    }

    [Fact]
    public void Send_goes_to_the_delegate_until_closed()
    {
        var sent = new List<byte[]>();
        var transport = new DemuxedDatagramTransport(datagram => sent.Add(datagram.ToArray()));

        transport.Send(new byte[] { 1, 2, 3 }, 1, 2);
        transport.Close();
        transport.Send(new byte[] { 9 });

        Assert.Single(sent);
        Assert.Equal(new byte[] { 2, 3 }, sent[0]);
        Assert.False(transport.TryEnqueue(new byte[] { 22 }));
    }

    [Fact]
    public void Close_wakes_a_blocked_receive()
    {
        var transport = new DemuxedDatagramTransport(_ => { });
        var receive = Task.Run(() => transport.Receive(new byte[100], 0, 100, 30_000));

        Thread.Sleep(50);
        transport.Close();

        Assert.ThrowsAny<Exception>(() => receive.GetAwaiter().GetResult());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(19, false)]
    [InlineData(20, true)]
    [InlineData(22, true)]
    [InlineData(63, true)]
    [InlineData(64, false)]
    [InlineData(128, false)]
    public void Rfc7983_first_byte_range_20_to_63_is_dtls(byte first, bool isDtls)
    {
        Assert.Equal(isDtls, DtlsPacket.IsDtls([first, 0, 0]));
    }
}
