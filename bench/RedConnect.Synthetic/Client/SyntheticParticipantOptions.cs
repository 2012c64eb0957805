using RedConnect.Sfu.Dtls;
using RedConnect.Synthetic.Opus;
using RedConnect.Synthetic.Publishing;
using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Client;

/// <summary>What a synthetic participant does: publish (with these media and options), subscribe, or both.</summary>
public sealed record SyntheticParticipantOptions
{
    /// <summary>Null: the participant only subscribes.</summary>
    public MediaPublisherOptions? Publish { get; init; }

    public bool Subscribe { get; init; } = true;

    public Vp8Clip? Video { get; init; }

    public OpusClip? Audio { get; init; }

    /// <summary>Shared by all participants of a run so subscribers can measure latency.</summary>
    public SendTimeTable? SendTimes { get; init; }

    /// <summary>Defaults to one certificate per participant, as browsers have.</summary>
    public DtlsCertificate? Certificate { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
