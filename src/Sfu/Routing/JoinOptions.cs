namespace RedConnect.Sfu.Routing;

/// <summary>How a participant joins a room.</summary>
/// <param name="SubscribeToSelf">
/// Also subscribe the participant to its own producers, so its browser receives its own stream back through
/// the SFU: a loopback check of the whole path (publish → forward → subscribe) with a single browser.
/// </param>
public sealed record JoinOptions(bool SubscribeToSelf = false)
{
    public static readonly JoinOptions Default = new();
}
