using RedConnect.Sfu.Sdp;

namespace RedConnect.Sfu.Routing;

/// <summary>
/// The publisher connection's offer/answer (RFC 3264, RFC 8829 §5.3): parse and check the browser's offer,
/// answer it with our capabilities on the participant's transport, hand the browser's ICE and DTLS
/// parameters to that transport. Called under the room lock.
/// </summary>
internal static class PublisherNegotiation
{
    public static bool TryAnswer(Participant participant, SessionDescription offer, out SessionDescription? answer, out RoutingError? error)
    {
        var options = new SdpAnswerOptions
        {
            Transport = participant.PublisherTransport!.LocalParameters,
            Codecs = RoutingCapabilities.Codecs,
            HeaderExtensions = RoutingCapabilities.PublisherHeaderExtensions,
            SessionId = participant.PublisherSessionId,
        };
        if (!SdpAnswerBuilder.TryCreateAnswer(offer, options, out answer, out string? answerError))
        {
            error = new RoutingError(RoutingError.InvalidSdp, "publisher offer: " + answerError);
            return false;
        }

        // RFC 3264 §8: each new description of a session carries a higher o= version.
        answer!.Origin = answer.Origin with { SessionVersion = (participant.PublisherAnswerVersion++).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        error = null;
        return true;
    }

    /// <summary>The transport re-checks the values (RFC 8839 §5.4 ice-chars, fingerprint algorithms); its refusal is the caller's bad SDP.</summary>
    public static bool TrySetRemote(ISignaledTransport transport, RemoteTransportParameters remote, out RoutingError? error)
    {
        try
        {
            transport.SetRemoteParameters(remote.IceUfrag, remote.IcePwd, remote.Fingerprints);
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = new RoutingError(RoutingError.InvalidSdp, e.Message);
            return false;
        }
    }

    public static bool TryParseOffer(string sdp, out SessionDescription? offer, out RemoteTransportParameters? remote, out RoutingError? error)
    {
        remote = null;
        if (!SdpParser.TryParse(sdp, out offer, out SdpParseError? parseError))
        {
            error = new RoutingError(RoutingError.InvalidSdp, "publisher offer: " + parseError);
            return false;
        }

        if (!RemoteTransportParameters.TryFrom(offer!, out remote, out string? remoteError))
        {
            error = new RoutingError(RoutingError.InvalidSdp, "publisher offer: " + remoteError);
            return false;
        }

        error = null;
        return true;
    }
}
