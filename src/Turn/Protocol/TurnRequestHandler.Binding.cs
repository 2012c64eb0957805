using RedConnect.Stun;

namespace RedConnect.Turn.Protocol;

// RFC 8489 §6.3 Binding, with RFC 5780 §6 behaviour discovery unless switched off.
internal sealed partial class TurnRequestHandler
{
    private bool Rfc5780On(in ClientOrigin origin) =>
        !_options.NoRfc5780 && origin.Listener.Partner is not null && origin.Listener.Transport == Allocations.ClientTransport.Udp;

    private int HandleBinding(in ClientOrigin origin, in StunMessageReader message, Span<byte> response, out ResponseRoute route)
    {
        route = default;
        var fromPartner = false;
        var rfc5780 = Rfc5780On(origin);
        if (message.TryGetValue(StunAttributeType.ChangeRequest, out var changeValue))
        {
            if (!StunAttributeValue.TryReadChangeRequest(changeValue, out var changeIp, out var changePort))
            {
                return WriteError(response, message, StunErrorCode.BadRequest, null, null);
            }

            // Without RFC 5780 the attribute is not understood: 420 (it is comprehension-required, §7.2).
            if (!rfc5780)
            {
                Span<ushort> unknown = [StunAttributeType.ChangeRequest];
                return WriteUnknownAttributes(response, message, unknown);
            }

            // RFC 5780 §6.1 with one IP: the port can change, the IP cannot. Answer anyway (clients such as
            // turnutils_stunclient wait for an answer) and let RESPONSE-ORIGIN tell the truth about the source.
            _ = changeIp;
            fromPartner = changePort;
        }

        // RFC 5780 §7.5: RESPONSE-PORT sends the response to another port of the client's IP (UDP only).
        ushort responsePort = 0;
        if (rfc5780 && message.TryGetValue(ResponsePortAttribute, out var portValue))
        {
            if (portValue.Length != 4)
            {
                return WriteError(response, message, StunErrorCode.BadRequest, null, null);
            }

            responsePort = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(portValue);
        }

        route = new ResponseRoute(fromPartner, responsePort);

        var writer = new StunMessageWriter(response, StunMethod.Binding, StunClass.SuccessResponse, message.TransactionId);
        writer.AddXorAddress(StunAttributeType.XorMappedAddress, origin.Client);
        if (rfc5780)
        {
            // RFC 5780 §7.3, §7.4: where the response leaves from, and the server's other address (here: the
            // other port on the same IP, which is all one address can offer).
            var source = fromPartner ? origin.Listener.Partner! : origin.Listener;
            writer.AddAddress(StunAttributeType.MappedAddress, origin.Client);
            writer.AddAddress(StunAttributeType.ResponseOrigin, source.LocalAddress);
            writer.AddAddress(StunAttributeType.OtherAddress, (fromPartner ? origin.Listener : origin.Listener.Partner!).LocalAddress);
        }

        return Finish(ref writer, message, null, null);
    }
}
