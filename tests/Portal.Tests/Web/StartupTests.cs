using RedConnect.Portal.Tests.Infrastructure;

namespace RedConnect.Portal.Tests.Web;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StartupTests
{
    [Fact]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it()
    {
        await using var app = new PortalApp(new Dictionary<string, string> { ["Login:UserMaxFailures"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => app.NewClient());
        Assert.Contains("Login:UserMaxFailures must be between 1 and 100", error.ToString());
    }

    [Fact]
    public async Task The_first_start_creates_the_database_and_the_key_files_in_the_data_directory()
    {
        await using var app = new PortalApp();
        using var client = app.NewClient();
        await client.GetAsync("/");
        Assert.True(File.Exists(app.DatabaseFile));
        Assert.Equal(32, File.ReadAllBytes(Path.Combine(app.DataDirectory, "access-code.key")).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(app.DataDirectory, "access-code.key")));
        Assert.Equal(32, File.ReadAllBytes(Path.Combine(app.DataDirectory, "prelogin.key")).Length);
    }
}
