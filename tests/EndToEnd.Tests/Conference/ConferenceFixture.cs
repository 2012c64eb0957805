using RedConnect.EndToEnd.Tests.Infrastructure;

// Browser tests run one at a time: four Chromium instances beside another collection's two would starve two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RedConnect.EndToEnd.Tests.Conference;

/// <summary>One <see cref="ConferencePortal"/> with default settings for the conference collection.</summary>
public sealed class ConferenceFixture : IAsyncLifetime
{
    private const string Secret = "conference-end-to-end-room-token-secret";

    private ConferencePortal _conference = null!;

    public PortalProcess Portal => _conference.Portal;

    public async Task InitializeAsync() => _conference = await ConferencePortal.StartAsync(Secret);

    /// <summary>A room token for a fresh room of this portal, as the signaling mints them.</summary>
    public static string Token(int maxParticipants, TimeSpan? validFor = null, string secret = Secret) =>
        ConferencePortal.Token(maxParticipants, validFor, secret);

    public string Link(string token, bool loopback = false) => _conference.Link(token, loopback);

    public Task<Person> NewPersonAsync() => _conference.NewPersonAsync();

    public async Task DisposeAsync()
    {
        if (_conference is not null) await _conference.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConferenceCollection : ICollectionFixture<ConferenceFixture>
{
    public const string Name = "conference";
}
