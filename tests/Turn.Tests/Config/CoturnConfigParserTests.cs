using RedConnect.Turn.Config;

namespace RedConnect.Turn.Tests.Config;

public sealed class CoturnConfigParserTests
{
    [Fact]
    public void Debian_packaged_turnserver_conf_parses_with_one_warning_and_no_error()
    {
        var result = CoturnConfigParser.Parse(["-c", "/etc/turnserver.conf"]);

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("syslog", warning);
        Assert.Equal("/etc/turnserver.conf", result.ConfigFile);
    }

    [Fact]
    public void Every_commented_option_of_the_packaged_file_is_a_known_coturn_option()
    {
        // Uncomment every "#key" / "#key=value" line: an operator enabling any documented option must not get an error.
        var lines = File.ReadAllLines("/etc/turnserver.conf")
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^#[a-zA-Z][a-zA-Z0-9_-]*(=|$)"))
            .Select(l => l[1..]);

        var result = CoturnConfigParser.ParseFile(string.Join('\n', lines));

        Assert.DoesNotContain(result.Errors, e => e.Contains("unknown option"));
    }

    [Fact]
    public void Implemented_subset_maps_into_options()
    {
        const string conf = """
            # comment
              # indented comment

            listening-ip=127.0.0.1
            listening-ip ::1
            listening-port=13478
            alt-listening-port=13479
            tls-listening-port=15349
            alt-tls-listening-port=15350
            relay-ip=127.0.0.2
            external-ip=203.0.113.5/10.0.0.5
            min-port=50000
            max-port=50100
            realm=example.org
            use-auth-secret
            static-auth-secret=first
            static-auth-secret="second"
            user=alice:pw
            user=bob:0x543e1aec5d3614f03141652d6ada51b2
            lt-cred-mech
            fingerprint
            cert=/tmp/cert.pem
            pkey=/tmp/key.pem
            denied-peer-ip=8.8.8.0-8.8.8.255
            allowed-peer-ip=10.0.0.0/8
            allow-loopback-peers
            no-multicast-peers=off
            user-quota=3
            total-quota=100
            max-bps=64000
            stale-nonce=300
            max-allocate-lifetime=1800
            channel-lifetime=500
            permission-lifetime=200
            no-udp=0
            no-tcp
            no-tls
            no-dtls
            no-rfc5780
            no-software-attribute
            log-file=/tmp/rc.log
            pidfile="/tmp/rc.pid"
            """;

        var result = CoturnConfigParser.ParseFile(conf);
        var o = result.Options;

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(["127.0.0.1", "::1"], o.ListeningIPs);
        Assert.Equal((13478, 13479, 15349, 15350), (o.ListeningPort, o.AltListeningPort, o.TlsListeningPort, o.AltTlsListeningPort));
        Assert.Equal(["127.0.0.2"], o.RelayIPs);
        Assert.Equal(["203.0.113.5/10.0.0.5"], o.ExternalIPs);
        Assert.Equal((50000, 50100), (o.MinPort, o.MaxPort));
        Assert.Equal("example.org", o.Realm);
        Assert.True(o.UseAuthSecret);
        Assert.Equal(["first", "second"], o.StaticAuthSecrets);
        Assert.Equal("pw", o.StaticUsers["alice"]);
        Assert.Equal("0x543e1aec5d3614f03141652d6ada51b2", o.StaticUsers["bob"]);
        Assert.True(o.LongTermCredentials);
        Assert.True(o.Fingerprint);
        Assert.Equal(("/tmp/cert.pem", "/tmp/key.pem"), (o.CertificatePath, o.PrivateKeyPath));
        Assert.Equal(["8.8.8.0-8.8.8.255"], o.DeniedPeerRanges);
        Assert.Equal(["10.0.0.0/8"], o.AllowedPeerRanges);
        Assert.True(o.AllowLoopbackPeers);
        Assert.False(o.NoMulticastPeers);
        Assert.Equal((3, 100, 64000L), (o.UserQuota, o.TotalQuota, o.MaxBps));
        Assert.Equal((300, 1800, 500, 200), (o.StaleNonceSeconds, o.MaxAllocateLifetimeSeconds, o.ChannelLifetimeSeconds, o.PermissionLifetimeSeconds));
        Assert.Equal((false, true, true, true), (o.NoUdp, o.NoTcp, o.NoTls, o.NoDtls));
        Assert.True(o.NoRfc5780);
        Assert.True(o.NoSoftwareAttribute);
        Assert.Equal(("/tmp/rc.log", "/tmp/rc.pid"), (o.LogFile, o.PidFile));
    }

    [Fact]
    public void Defaults_hold_when_the_file_says_nothing()
    {
        var o = CoturnConfigParser.ParseFile("# nothing\n").Options;

        Assert.Equal((3478, 3479, 5349, 5350), (o.ListeningPort, o.AltListeningPort, o.TlsListeningPort, o.AltTlsListeningPort));
        Assert.Equal((49152, 65535), (o.MinPort, o.MaxPort));
        Assert.False(o.AllowLoopbackPeers);
        Assert.True(o.NoMulticastPeers);
        Assert.Equal(600, o.StaleNonceSeconds);
    }

    [Fact]
    public void Unknown_key_is_an_error_with_file_and_line()
    {
        var result = CoturnConfigParser.ParseFile("realm=x\n\n# c\nfoo=bar\n", "turnserver.conf");

        Assert.Equal(["turnserver.conf:4: unknown option 'foo'"], result.Errors);
    }

    [Theory]
    [InlineData("listening-port=abc", "turnserver.conf:1: invalid value 'abc' for 'listening-port'")]
    [InlineData("listening-port=70000", "turnserver.conf:1: invalid value '70000' for 'listening-port'")]
    [InlineData("min-port=-5", "turnserver.conf:1: invalid value '-5' for 'min-port'")]
    [InlineData("listening-ip=10.0.0", "turnserver.conf:1: invalid value '10.0.0' for 'listening-ip'")]
    [InlineData("relay-ip=host.example", "turnserver.conf:1: invalid value 'host.example' for 'relay-ip'")]
    [InlineData("denied-peer-ip=10.0.0.9-10.0.0.1", "turnserver.conf:1: invalid value '10.0.0.9-10.0.0.1' for 'denied-peer-ip'")]
    [InlineData("external-ip=1.2.3.4/x", "turnserver.conf:1: invalid value '1.2.3.4/x' for 'external-ip'")]
    [InlineData("fingerprint=maybe", "turnserver.conf:1: invalid value 'maybe' for 'fingerprint'")]
    [InlineData("user-quota=many", "turnserver.conf:1: invalid value 'many' for 'user-quota'")]
    [InlineData("stale-nonce=0", "turnserver.conf:1: invalid value '0' for 'stale-nonce'")]
    [InlineData("realm", "turnserver.conf:1: option 'realm' needs a value")]
    [InlineData("user=nocolon", "turnserver.conf:1: invalid value for 'user'")]
    public void Malformed_values_are_errors_with_the_line(string line, string expectedStart)
    {
        var error = Assert.Single(CoturnConfigParser.ParseFile(line).Errors);
        Assert.StartsWith(expectedStart, error);
    }

    [Fact]
    public void A_bad_user_line_never_echoes_the_password()
    {
        var error = Assert.Single(CoturnConfigParser.ParseFile("user=topsecretvalue").Errors);
        Assert.DoesNotContain("topsecretvalue", error);
    }

    [Fact]
    public void Other_coturn_options_produce_exactly_one_warning_naming_all_of_them()
    {
        var result = CoturnConfigParser.ParseFile("""
            syslog
            cli-password=qwerty
            no-cli
            prometheus
            mobility
            cli-password=again
            """);

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        foreach (var name in new[] { "syslog", "cli-password", "no-cli", "prometheus", "mobility" })
        {
            Assert.Contains(name, warning);
        }

        Assert.DoesNotContain("qwerty", warning);
    }

    [Fact]
    public void Command_line_overrides_the_file_and_adds_to_lists()
    {
        var file = "realm=file.example\nlistening-port=1000\nlistening-ip=127.0.0.1\n";

        var result = CoturnConfigParser.Parse(
            ["-c", "t.conf", "--realm=cli.example", "-p", "2000", "-L", "::1", "--min-port", "50000", "-f", "-a", "-u", "bob:pw", "-v"],
            _ => file);

        Assert.Empty(result.Errors);
        var o = result.Options;
        Assert.Equal("cli.example", o.Realm);
        Assert.Equal(2000, o.ListeningPort);
        Assert.Equal(["127.0.0.1", "::1"], o.ListeningIPs);
        Assert.Equal(50000, o.MinPort);
        Assert.True(o.Fingerprint && o.LongTermCredentials && o.Verbose);
        Assert.Equal("pw", o.StaticUsers["bob"]);
    }

    [Fact]
    public void Short_options_with_attached_values_and_external_ip_work_like_getopt()
    {
        var o = CoturnConfigParser.Parse(["-p3478", "-E", "127.0.0.1", "-X", "198.51.100.1/127.0.0.1", "-r", "r"]).Options;

        Assert.Equal(3478, o.ListeningPort);
        Assert.Equal(["127.0.0.1"], o.RelayIPs);
        Assert.Equal(["198.51.100.1/127.0.0.1"], o.ExternalIPs);
    }

    [Fact]
    public void Dash_n_ignores_the_configuration_file()
    {
        var read = false;
        var result = CoturnConfigParser.Parse(["-n", "-c", "x.conf", "--realm", "r"], _ => { read = true; return "bogus-key\n"; });

        Assert.False(read);
        Assert.Empty(result.Errors);
        Assert.Null(result.ConfigFile);
    }

    [Theory]
    [InlineData(new[] { "--foo" }, "command line: unknown option 'foo'")]
    [InlineData(new[] { "-Z" }, "command line: unknown option '-Z'")]
    [InlineData(new[] { "--realm" }, "command line: option '--realm' needs a value")]
    [InlineData(new[] { "-c" }, "command line: option '-c' needs a file name")]
    [InlineData(new[] { "stray" }, "command line: unexpected argument 'stray'")]
    [InlineData(new[] { "--listening-port=x" }, "command line: invalid value 'x' for 'listening-port'")]
    public void Command_line_mistakes_are_errors(string[] args, string expectedStart)
    {
        var result = CoturnConfigParser.Parse(args);

        Assert.Contains(result.Errors, e => e.StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void Unreadable_file_is_an_error_not_an_exception()
    {
        var result = CoturnConfigParser.Parse(["-c", "/nonexistent/turnserver.conf"]);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("/nonexistent/turnserver.conf: cannot read configuration file", error);
    }

    [Fact]
    public void Help_and_version_are_reported()
    {
        Assert.True(CoturnConfigParser.Parse(["--help"]).HelpRequested);
        Assert.True(CoturnConfigParser.Parse(["-h"]).HelpRequested);
        Assert.True(CoturnConfigParser.Parse(["--version"]).VersionRequested);
    }

    [Fact]
    public void Users_without_an_explicit_mechanism_imply_long_term_credentials_as_in_coturn()
    {
        Assert.True(CoturnConfigParser.ParseFile("user=a:b").Options.LongTermCredentials);
        Assert.False(CoturnConfigParser.ParseFile("user=a:b\nlt-cred-mech=off").Options.LongTermCredentials);
    }

    [Fact]
    public void Random_bytes_as_a_file_never_throw()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 128);
            }

            _ = CoturnConfigParser.ParseFile(new string(chars));
        }
    }
}
