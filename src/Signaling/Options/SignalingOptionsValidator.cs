using Microsoft.Extensions.Options;

namespace RedConnect.Signaling.Options;

/// <summary>Checks <see cref="SignalingOptions"/> at start-up with one clear message per bad value.</summary>
public sealed class SignalingOptionsValidator : IValidateOptions<SignalingOptions>
{
    public ValidateOptionsResult Validate(string? name, SignalingOptions options)
    {
        var errors = new List<string>();
        if (options.EarlyJoinMinutes is < 0 or > 24 * 60)
            errors.Add($"Signaling:EarlyJoinMinutes must be between 0 and 1440 (got {options.EarlyJoinMinutes}).");
        if (options.MaxMessageBytes is < 1024 or > 1024 * 1024)
            errors.Add($"Signaling:MaxMessageBytes must be between 1024 and 1048576 (got {options.MaxMessageBytes}).");

        for (var i = 0; i < options.IceServers.Count; i++)
        {
            var server = options.IceServers[i];
            if (server.Urls.Count == 0)
                errors.Add($"Signaling:IceServers:{i}:Urls must list at least one stun:, turn: or turns: URL.");
            foreach (var url in server.Urls)
            {
                if (!url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase)
                    && !url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase)
                    && !url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase))
                    errors.Add($"Signaling:IceServers:{i}:Urls: '{url}' is not a stun:, turn: or turns: URL.");
            }
        }

        if (options.IceTransportPolicy is not ("all" or "relay"))
            errors.Add($"Signaling:IceTransportPolicy must be 'all' or 'relay' (got '{options.IceTransportPolicy}').");
        if (options.IceTransportPolicy == "relay" && options.Turn.Urls.Count == 0
            && !options.IceServers.Any(s => s.Urls.Any(u => u.StartsWith("turn", StringComparison.OrdinalIgnoreCase))))
            errors.Add("Signaling:IceTransportPolicy 'relay' needs a TURN server (Signaling:Turn:Urls or a turn: URL in Signaling:IceServers).");

        var turn = options.Turn;
        foreach (var url in turn.Urls)
        {
            if (!url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase)
                && !url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase))
                errors.Add($"Signaling:Turn:Urls: '{url}' is not a turn: or turns: URL.");
        }
        if (turn.Urls.Count > 0 && string.IsNullOrEmpty(turn.Secret))
            errors.Add("Signaling:Turn:Secret is required when Signaling:Turn:Urls lists a TURN server.");
        if (turn.Secret is { Length: > 0 and < 16 })
            errors.Add("Signaling:Turn:Secret must have at least 16 characters.");
        if (turn.CredentialLifetimeMinutes is < 5 or > 7 * 24 * 60)
            errors.Add($"Signaling:Turn:CredentialLifetimeMinutes must be between 5 and 10080 (got {turn.CredentialLifetimeMinutes}).");

        var limit = options.RateLimit;
        if (limit.PerAddressFailures < 1)
            errors.Add("Signaling:RateLimit:PerAddressFailures must be at least 1.");
        if (limit.PerAddressWindowSeconds < 1)
            errors.Add("Signaling:RateLimit:PerAddressWindowSeconds must be at least 1.");
        if (limit.PerAddressBlockMinutes < 0)
            errors.Add("Signaling:RateLimit:PerAddressBlockMinutes must not be negative.");
        if (limit.GlobalFailures < 1)
            errors.Add("Signaling:RateLimit:GlobalFailures must be at least 1.");
        if (limit.GlobalWindowMinutes < 1)
            errors.Add("Signaling:RateLimit:GlobalWindowMinutes must be at least 1.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
