using Microsoft.Extensions.Options;
using RedConnect.Sfu.Node.Control;

namespace RedConnect.Signaling.Conference;

/// <summary>
/// Settings of the conference signaling (<see cref="ConferenceHub"/>). The host fills them from its SFU
/// configuration: the room token secret is the one the SFU verifies with, so the hub can refuse bad tokens
/// before it asks the SFU for anything.
/// </summary>
public sealed class ConferenceOptions
{
    /// <summary>HMAC key of <see cref="RoomToken"/> (at least <see cref="RoomToken.MinimumSecretLength"/> bytes).</summary>
    public byte[] RoomTokenSecret { get; set; } = [];

    /// <summary>Largest room a token may ask for (group therapy: eight participants and a therapist).</summary>
    public int MaxParticipantsPerRoom { get; set; } = 9;

    /// <summary>Largest SDP a browser may send (a Chromium offer with two tracks is ~5 KB).</summary>
    public int MaxSdpBytes { get; set; } = 64 * 1024;

    /// <summary>How long one long-poll for a subscriber offer waits when the SFU is remote.</summary>
    public TimeSpan OfferPollTimeout { get; set; } = TimeSpan.FromSeconds(25);
}

/// <summary>One clear message per bad value, at start-up.</summary>
public sealed class ConferenceOptionsValidator : IValidateOptions<ConferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, ConferenceOptions options)
    {
        var errors = new List<string>();
        if (options.RoomTokenSecret is null || options.RoomTokenSecret.Length < RoomToken.MinimumSecretLength)
            errors.Add($"Sfu:RoomTokenSecret must be at least {RoomToken.MinimumSecretLength} bytes.");
        if (options.MaxParticipantsPerRoom is < 2 or > RoomToken.MaxParticipantsLimit)
            errors.Add($"Sfu:MaxParticipantsPerRoom must be 2–{RoomToken.MaxParticipantsLimit}, not {options.MaxParticipantsPerRoom}.");
        if (options.MaxSdpBytes is < 1024 or > 256 * 1024)
            errors.Add($"The largest SDP must be 1–256 KiB, not {options.MaxSdpBytes} bytes.");
        if (options.OfferPollTimeout <= TimeSpan.Zero || options.OfferPollTimeout > SfuControl.MaxWait)
            errors.Add($"The subscriber offer poll must wait 0–{SfuControl.MaxWait.TotalSeconds:0} s.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
