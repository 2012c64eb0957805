using RedConnect.Signaling.Hubs;

namespace RedConnect.Signaling.Tests.Hubs;

public sealed class RateLimitTests
{
    [Fact]
    public async Task After_ten_failures_in_a_minute_an_address_is_refused_even_a_valid_code_until_the_block_ends()
    {
        await using var host = await SignalingHost.StartAsync();
        var (code, _) = host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await host.ConnectAsync();

        for (var i = 0; i < 10; i++)
            Assert.Equal(SignalingErrors.UnknownCode, (await client.JoinAsync($"ZZZZ-ZZZZ-ZZ{i:00}")).Error);
        var lookups = host.Store.Lookups;
        var blocked = await client.JoinAsync(code);
        host.Time.Advance(TimeSpan.FromMinutes(14));
        var stillBlocked = await client.JoinAsync(code);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var afterBlock = await client.JoinAsync(code);

        Assert.Equal(SignalingErrors.RateLimited, blocked.Error);
        Assert.Equal(SignalingErrors.RateLimited, stillBlocked.Error);
        Assert.Equal(lookups + 1, host.Store.Lookups); // refused attempts test nothing
        Assert.Equal("organizer", afterBlock.Role);
    }

    [Fact]
    public async Task Failures_spread_over_more_than_a_minute_do_not_block()
    {
        await using var host = await SignalingHost.StartAsync();
        var (code, _) = host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await host.ConnectAsync();

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 9; i++) await client.JoinAsync("not a code");
            host.Time.Advance(TimeSpan.FromSeconds(61));
        }

        Assert.Equal("organizer", (await client.JoinAsync(code)).Role);
    }

    [Fact]
    public async Task Expired_and_early_codes_are_not_counted_as_guesses()
    {
        await using var host = await SignalingHost.StartAsync();
        var (expired, _) = host.Store.AddAppointment(SignalingHost.Now.AddDays(-3));
        var (early, _) = host.Store.AddAppointment(SignalingHost.Now.AddDays(3));
        var (code, _) = host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await host.ConnectAsync();

        for (var i = 0; i < 10; i++)
        {
            await client.JoinAsync(expired);
            await client.JoinAsync(early);
        }

        Assert.Equal("organizer", (await client.JoinAsync(code)).Role);
    }

    [Fact]
    public async Task When_the_global_failure_budget_is_spent_every_join_is_refused_until_the_hour_passes()
    {
        await using var host = await SignalingHost.StartAsync(new Dictionary<string, string?>
        {
            ["Signaling:RateLimit:PerAddressFailures"] = "1000",
            ["Signaling:RateLimit:GlobalFailures"] = "5",
        });
        var (code, _) = host.Store.AddAppointment(SignalingHost.Now);
        await using var client = await host.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(SignalingErrors.UnknownCode, (await client.JoinAsync($"ZZZZ-ZZZZ-ZZ{i:00}")).Error);
        }
        var duringLockdown = await client.JoinAsync(code);
        host.Time.Advance(TimeSpan.FromMinutes(56)); // the first failure is now an hour old
        var afterwards = await client.JoinAsync(code);

        Assert.Equal(SignalingErrors.RateLimited, duringLockdown.Error);
        Assert.Equal("organizer", afterwards.Role);
    }
}
