using System.Diagnostics;
using RedConnect.Turn.Tests.Coturn;

namespace RedConnect.Turn.Tests.HostProgram;

/// <summary>The rc-turn program as an operator runs it: exit codes, messages, pidfile, SIGTERM.</summary>
public sealed class RcTurnProgramTests
{
    private static readonly string RcTurnDll = Path.Combine(AppContext.BaseDirectory, "rc-turn.dll");

    [Fact]
    public async Task Version_prints_and_exits_zero()
    {
        var result = await CoturnTools.RunAsync("/usr/bin/env", ["dotnet", RcTurnDll, "--version"], TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("rc-turn ", result.StandardOutput);
    }

    [Fact]
    public async Task A_bad_configuration_exits_one_and_names_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory("rc-turn-test-").FullName;
        var conf = Path.Combine(dir, "turnserver.conf");
        await File.WriteAllTextAsync(conf, "realm=x\nsyslog\nbogus-option=1\nlistening-port=99999\n");

        var result = await CoturnTools.RunAsync("/usr/bin/env", ["dotnet", RcTurnDll, "-c", conf], TimeSpan.FromSeconds(30));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{conf}:3: unknown option 'bogus-option'", result.StandardError);
        Assert.Contains($"{conf}:4: invalid value '99999' for 'listening-port'", result.StandardError);
        Assert.Contains("warning: accepted but ignored coturn options (not implemented by rc-turn): syslog", result.StandardError);
    }

    [Fact]
    public async Task The_test_harness_configuration_starts_answers_stun_and_stops_cleanly_on_sigterm()
    {
        var dir = Directory.CreateTempSubdirectory("rc-turn-test-").FullName;
        var pidFile = Path.Combine(dir, "rc-turn.pid");
        var conf = Path.Combine(dir, "turnserver.conf");
        var port = TestPorts.GetFree(extra: 1);
        await File.WriteAllTextAsync(conf, CoturnServer.Configuration(port, 50000, 50099, pidFile).Replace("log-file=stdout", string.Empty));

        await using var process = CoturnTools.StartLongRunning("/usr/bin/env", ["dotnet", RcTurnDll, "-c", conf]);
        var sw = Stopwatch.StartNew();
        while (!process.HasExited && !process.Output.Contains("rc-turn running") && sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Contains($"listeners: UDP {port}+{port + 1}, TCP {port}+{port + 1} on 127.0.0.1", process.Output);
        Assert.Contains("realm: redconnect.test", process.Output);
        Assert.DoesNotContain(CoturnServer.Password, process.Output);

        Assert.False(process.HasExited, process.Output);
        Assert.True(await StunProbe.WaitUntilAnsweringAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), TimeSpan.FromSeconds(10)), process.Output);
        Assert.Equal(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(pidFile)).Trim());
        var kill = await CoturnTools.RunAsync("/bin/kill", ["-TERM", $"{process.Id}"], TimeSpan.FromSeconds(5));
        Assert.Equal(0, kill.ExitCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(cts.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("rc-turn stopped", process.Output);
        Assert.False(File.Exists(pidFile));
    }
}
