using RedConnect.Sfu.Rtcp;
using RedConnect.Synthetic.Client;
using RedConnect.Synthetic.Publishing;

namespace RedConnect.Synthetic.Receiving;

/// <summary>
/// What a synthetic publisher does with the RTCP the SFU sends it: a PLI (RFC 4585 §6.3.1) or FIR
/// (RFC 5104 §4.3.1) for its video SSRC makes the <see cref="MediaPublisher"/> send a key frame next;
/// NACKs (RFC 4585 §6.2.1) and REMB are counted (no retransmission: loopback loses nothing).
/// </summary>
public sealed class PublisherFeedback(MediaPublisher publisher) : IRtpReceiver
{
    public long PictureLossIndications { get; private set; }

    public long FullIntraRequests { get; private set; }

    public long Nacks { get; private set; }

    public long OtherRtcp { get; private set; }

    public long UnexpectedRtp { get; private set; }

    public void OnRtp(ReadOnlySpan<byte> rtp, long receivedTimestamp) => UnexpectedRtp++;

    public void OnRtcp(ReadOnlySpan<byte> rtcp)
    {
        foreach (RtcpPacketView packet in new RtcpCompoundReader(rtcp))
        {
            if (packet.PacketType == RtcpPacketType.PayloadSpecificFeedback && packet.Count == RtcpFeedbackFormat.PictureLossIndication
                && RtcpPictureLossIndication.TryParse(packet.Buffer, out RtcpPictureLossIndication pli)
                && pli.MediaSsrc == publisher.Options.VideoSsrc)
            {
                PictureLossIndications++;
                publisher.RequestKeyFrame();
            }
            else if (packet.PacketType == RtcpPacketType.PayloadSpecificFeedback && packet.Count == RtcpFeedbackFormat.FullIntraRequest
                && RtcpFullIntraRequest.TryParse(packet.Buffer, out RtcpFullIntraRequest fir))
            {
                for (int i = 0; i < fir.Count; i++)
                {
                    if (fir[i].Ssrc != publisher.Options.VideoSsrc) continue;
                    FullIntraRequests++;
                    publisher.RequestKeyFrame();
                }
            }
            else if (packet.PacketType == RtcpPacketType.TransportFeedback && packet.Count == RtcpFeedbackFormat.GenericNack)
            {
                Nacks++;
            }
            else
            {
                OtherRtcp++;
            }
        }
    }
}
