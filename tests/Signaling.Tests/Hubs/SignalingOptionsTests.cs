using Microsoft.Extensions.Options;

namespace RedConnect.Signaling.Tests.Hubs;

public sealed class SignalingOptionsTests
{
    [Fact]
    public async Task Bad_settings_stop_the_start_with_a_message_naming_each_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignalingHost.StartAsync(new Dictionary<string, string?>
        {
            ["Signaling:EarlyJoinMinutes"] = "-1",
            ["Signaling:MaxMessageBytes"] = "10",
            ["Signaling:IceServers:0:Urls:0"] = "http://example.org",
        }));

        Assert.Contains("Signaling:EarlyJoinMinutes", error.Message);
        Assert.Contains("Signaling:MaxMessageBytes", error.Message);
        Assert.Contains("'http://example.org' is not a stun:", error.Message);
    }
}
