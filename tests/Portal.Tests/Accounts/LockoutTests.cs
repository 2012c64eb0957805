using System.Net;
using System.Security.Cryptography;
using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Accounts;

/// <summary>F2 lock-out with the fake clock: 5 failures per practice + user, 20 per IP within 15 minutes.</summary>
public sealed class LockoutTests : IAsyncLifetime
{
    private readonly PortalApp _app = new();
    private readonly TestAccount _account = new();

    public async Task InitializeAsync()
    {
        using var client = _app.NewClient();
        Assert.Equal(HttpStatusCode.Created, (await client.RegisterAsync(_account)).StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task FailAsync(PortalClient client, string practice = "praxis-test", string user = "dr.m")
    {
        var response = await client.LoginAsync(practice, user, RandomNumberGenerator.GetBytes(32));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_name_for_fifteen_minutes_even_for_the_right_key()
    {
        using var client = _app.NewClient();
        for (var i = 0; i < 5; i++) await FailAsync(client);

        var locked = await client.LoginAsync(_account);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut.", await PortalClient.TitleAsync(locked));
        Assert.Equal("900", locked.Headers.GetValues("Retry-After").Single());

        _app.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.LoginAsync(_account)).StatusCode);
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(_account)).StatusCode);
    }

    [Fact]
    public async Task A_second_lockout_lasts_twice_as_long()
    {
        using var client = _app.NewClient();
        for (var i = 0; i < 5; i++) await FailAsync(client);
        _app.Time.Advance(TimeSpan.FromMinutes(15));
        for (var i = 0; i < 5; i++) await FailAsync(client);

        _app.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.LoginAsync(_account)).StatusCode);
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(_account)).StatusCode);
    }

    [Fact]
    public async Task A_successful_login_resets_the_count()
    {
        using var client = _app.NewClient();
        for (var i = 0; i < 4; i++) await FailAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(_account)).StatusCode);
        for (var i = 0; i < 4; i++) await FailAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(_account)).StatusCode);
    }

    [Fact]
    public async Task Unknown_accounts_lock_out_exactly_like_real_ones()
    {
        using var client = _app.NewClient();
        for (var i = 0; i < 5; i++) await FailAsync(client, "praxis-gibt-es-nicht", "dr.x");
        var response = await client.LoginAsync("praxis-gibt-es-nicht", "dr.x", RandomNumberGenerator.GetBytes(32));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        // The real account is not affected by failures on another name.
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(_account)).StatusCode);
    }

    [Fact]
    public async Task Twenty_failures_from_one_address_block_it_for_every_account_until_the_window_ends()
    {
        using var attacker = _app.NewClient(ip: "198.51.100.7");
        for (var i = 0; i < 20; i++) await FailAsync(attacker, "praxis-test", $"user{i:00}");

        var blocked = await attacker.LoginAsync(_account);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        using var elsewhere = _app.NewClient(ip: "192.0.2.55");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.LoginAsync(_account)).StatusCode);

        _app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await attacker.LoginAsync(_account)).StatusCode);
    }
}
