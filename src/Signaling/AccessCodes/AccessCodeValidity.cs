namespace RedConnect.Signaling.AccessCodes;

public enum AccessCodeState { NotYetValid, Valid, Expired }

/// <summary>
/// When a code admits its holder (PRODUCT.md F8): from the planned start, less an early-join window
/// (default 30 minutes), for 24 hours after the planned start. Within that time a call can be restarted
/// any number of times.
/// </summary>
public sealed record AccessCodeValidity(TimeSpan EarlyJoin, TimeSpan Duration)
{
    public static AccessCodeValidity Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(24));

    public DateTimeOffset ValidFrom(DateTimeOffset plannedStart) => plannedStart - EarlyJoin;

    public DateTimeOffset ValidUntil(DateTimeOffset plannedStart) => plannedStart + Duration;

    public AccessCodeState StateAt(DateTimeOffset plannedStart, DateTimeOffset now) =>
        now < ValidFrom(plannedStart) ? AccessCodeState.NotYetValid
        : now >= ValidUntil(plannedStart) ? AccessCodeState.Expired
        : AccessCodeState.Valid;
}
