using System.Diagnostics;
using RedConnect.EndToEnd.Tests.Infrastructure;

namespace RedConnect.EndToEnd.Tests;

/// <summary>
/// The portal program itself with a bad setting: an operator gets one plain line naming the setting and the
/// problem, exit code 1, and no stack trace — for values our validators refuse and values the configuration
/// binder cannot read alike.
/// </summary>
public sealed class PortalConfigurationTests
{
    [Theory]
    [InlineData("--Sfu:ConsentTimeoutSeconds=1", "Sfu:ConsentTimeoutSeconds must be 5–300")]
    [InlineData("--Signaling:IceTransportPolicy=sometimes", "Signaling:IceTransportPolicy must be 'all' or 'relay' (got 'sometimes')")]
    [InlineData("--Turn:ListeningPort=port", "Failed to convert configuration value 'port' at 'Turn:ListeningPort'")]
    public async Task A_bad_setting_stops_the_portal_with_one_clear_line_and_exit_code_1(string setting, string expected)
    {
        var data = Directory.CreateTempSubdirectory("redconnect-config-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { BuildInfo.PortalDll, "--urls", "http://127.0.0.1:0", "--Data:Directory", data.FullName, setting })
                start.ArgumentList.Add(arg);
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"the portal kept running with {setting}");
            }

            string output = await stdout + await stderr;
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("redconnect: error: " + expected, output);
            Assert.Contains("redconnect: 1 configuration error(s); not started.", output);
            Assert.DoesNotContain("Unhandled exception", output);
            Assert.DoesNotContain("   at ", output); // no stack frame
            Assert.DoesNotContain("Now listening on", output); // Kestrel never started
            Assert.DoesNotContain("RedConnect läuft auf", output);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
