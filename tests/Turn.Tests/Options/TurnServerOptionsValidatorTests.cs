using RedConnect.Turn.Options;

namespace RedConnect.Turn.Tests.Options;

public sealed class TurnServerOptionsValidatorTests
{
    private static TurnServerOptions Valid() => new()
    {
        Realm = "example.org",
        LongTermCredentials = true,
        StaticUsers = { ["alice"] = "pw" },
    };

    [Fact]
    public void A_minimal_long_term_configuration_is_valid()
    {
        Assert.Empty(TurnServerOptionsValidator.Validate(Valid()));
    }

    [Fact]
    public void A_shared_secret_configuration_is_valid()
    {
        var o = new TurnServerOptions { Realm = "example.org", UseAuthSecret = true, StaticAuthSecrets = ["s"] };
        Assert.Empty(TurnServerOptionsValidator.Validate(o));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "port", "ListeningPort (listening-port) must be a port between 1 and 65535, got 0." },
        { "minmax", "MinPort (min-port) 60000 is greater than MaxPort (max-port) 50000." },
        { "samePorts", "Listening ports must differ" },
        { "certOnly", "CertificatePath (cert) is set but PrivateKeyPath (pkey) is not; TLS needs both." },
        { "keyOnly", "PrivateKeyPath (pkey) is set but CertificatePath (cert) is not; TLS needs both." },
        { "certMissing", "CertificatePath (cert): file '/nonexistent/cert.pem' not found." },
        { "noRealm", "Realm (realm) is required" },
        { "noAuth", "No credential mechanism" },
        { "secretMissing", "UseAuthSecret (use-auth-secret) needs at least one StaticAuthSecrets entry" },
        { "noUsers", "no StaticUsers" },
        { "badHex", "starts with 0x but is not 32 hex digits" },
        { "badIp", "ListeningIPs (listening-ip): 'nope' is not an IP address." },
        { "wildcardRelay", "RelayIPs (relay-ip): '0.0.0.0' is a wildcard" },
        { "badRange", "DeniedPeerRanges (denied-peer-ip): '10.0.0.0/40'" },
        { "badExternal", "ExternalIPs (external-ip): 'a/b'" },
        { "quota", "UserQuota (user-quota) must be 0 (unlimited) or positive, got -1." },
        { "lifetime", "DefaultLifetimeSeconds 4000 exceeds MaxAllocateLifetimeSeconds" },
        { "nonce", "StaleNonceSeconds (stale-nonce) must be a positive number of seconds, got 0." },
        { "noListener", "No listener left" },
        { "longRealm", "fewer than 128 characters" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_bad_value_gets_a_clear_message(string caseName, string expected)
    {
        var o = Valid();
        switch (caseName)
        {
            case "port": o.ListeningPort = 0; break;
            case "minmax": o.MinPort = 60000; o.MaxPort = 50000; break;
            case "samePorts": o.AltListeningPort = o.ListeningPort; break;
            case "certOnly": o.CertificatePath = "/tmp/c.pem"; break;
            case "keyOnly": o.PrivateKeyPath = "/tmp/k.pem"; break;
            case "certMissing": o.CertificatePath = "/nonexistent/cert.pem"; o.PrivateKeyPath = "/nonexistent/key.pem"; break;
            case "noRealm": o.Realm = null; break;
            case "noAuth": o.LongTermCredentials = false; break;
            case "secretMissing": o.UseAuthSecret = true; break;
            case "noUsers": o.StaticUsers.Clear(); break;
            case "badHex": o.StaticUsers["bob"] = "0x1234"; break;
            case "badIp": o.ListeningIPs.Add("nope"); break;
            case "wildcardRelay": o.RelayIPs.Add("0.0.0.0"); break;
            case "badRange": o.DeniedPeerRanges.Add("10.0.0.0/40"); break;
            case "badExternal": o.ExternalIPs.Add("a/b"); break;
            case "quota": o.UserQuota = -1; break;
            case "lifetime": o.DefaultLifetimeSeconds = 4000; break;
            case "nonce": o.StaleNonceSeconds = 0; break;
            case "noListener": o.NoUdp = true; o.NoTcp = true; break;
            case "longRealm": o.Realm = new string('r', 128); break;
        }

        var errors = TurnServerOptionsValidator.Validate(o);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) || e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Messages_never_contain_secrets_or_passwords()
    {
        var o = Valid();
        o.StaticUsers["bob"] = "0xnot-a-key-SECRETVALUE";
        o.StaticAuthSecrets.Add("");
        o.UseAuthSecret = true;

        var errors = TurnServerOptionsValidator.Validate(o);

        Assert.NotEmpty(errors);
        Assert.DoesNotContain(errors, e => e.Contains("SECRETVALUE"));
    }

    [Fact]
    public void Summary_describes_listeners_auth_and_policy_without_secrets()
    {
        var o = Valid();
        o.UseAuthSecret = true;
        o.StaticAuthSecrets.Add("very-secret-value");
        o.ListeningIPs.Add("127.0.0.1");

        var text = string.Join('\n', TurnServerOptionsSummary.Describe(o));

        Assert.Contains("UDP 3478+3479", text);
        Assert.Contains("127.0.0.1", text);
        Assert.Contains("49152-65535", text);
        Assert.Contains("realm: example.org", text);
        Assert.Contains("shared secret", text);
        Assert.Contains("deny private", text);
        Assert.DoesNotContain("very-secret-value", text);
        Assert.DoesNotContain("pw", text.Replace("ports", string.Empty));
    }
}
