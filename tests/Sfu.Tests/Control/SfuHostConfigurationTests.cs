using RedConnect.Sfu.Host;

namespace RedConnect.Sfu.Tests.Control;

/// <summary>rc-sfu's configuration: every bad value is named in its own message and nothing starts.</summary>
public sealed class SfuHostConfigurationTests
{
    private static readonly string[] Secrets = ["--Sfu:NodeSecret=node-secret-for-tests-0123456789-abcdef", "--Sfu:RoomTokenSecret=room-token-secret-for-tests"];

    [Fact]
    public void Every_bad_value_gets_its_own_message_and_no_host_is_created()
    {
        SfuHost? host = SfuHost.TryCreate(
            ["--Sfu:ListenAddress=not-an-ip", "--Sfu:Port=70000", "--Sfu:ReceiveLoops=-1", "--Sfu:ConsentTimeoutSeconds=2", "--Sfu:ConnectTimeoutSeconds=0", "--Sfu:NodeSecret=short", "--Sfu:RoomTokenSecret=x"],
            out IReadOnlyList<string> errors);

        Assert.Null(host);
        foreach (string key in new[] { "Sfu:ListenAddress", "Sfu:Port", "Sfu:ReceiveLoops", "Sfu:ConsentTimeoutSeconds", "Sfu:ConnectTimeoutSeconds", "Sfu:NodeSecret", "Sfu:RoomTokenSecret" })
        {
            Assert.Single(errors, e => e.StartsWith(key + " ", StringComparison.Ordinal));
        }

        Assert.All(errors, e => Assert.DoesNotContain("short", e)); // a secret's value is never echoed
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_refused_with_the_key_named()
    {
        SfuHost? host = SfuHost.TryCreate([.. Secrets, "--Sfu:ConsentTimeoutSeconds=thirty"], out IReadOnlyList<string> errors);

        Assert.Null(host);
        Assert.Contains(errors, e => e.Contains("ConsentTimeoutSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_timeouts_reach_the_media_node()
    {
        SfuHost? host = SfuHost.TryCreate(
            [.. Secrets, "--Sfu:ListenAddress=127.0.0.1", "--Sfu:Port=0", "--Sfu:ControlPort=0", "--Sfu:ReceiveLoops=1", "--Sfu:ConsentTimeoutSeconds=12", "--Sfu:ConnectTimeoutSeconds=7"],
            out IReadOnlyList<string> errors);

        Assert.True(host is not null, string.Join("; ", errors));
        await using (host)
        {
            Assert.Equal(TimeSpan.FromSeconds(12), host.Node.Options.ConsentTimeout);
            Assert.Equal(TimeSpan.FromSeconds(7), host.Node.Options.IceConnectTimeout);
        }
    }
}
