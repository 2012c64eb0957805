using RedConnect.Portal.Security;

namespace RedConnect.Portal.Tests.Data;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServerKeyFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rc-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_key_is_created_once_readable_only_by_the_owner_and_reused()
    {
        var path = Path.Combine(_directory, "access-code.key");
        var first = ServerKeyFile.LoadOrCreate(path);
        Assert.Equal(32, first.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(first, ServerKeyFile.LoadOrCreate(path));
        Assert.NotEqual(first, ServerKeyFile.LoadOrCreate(Path.Combine(_directory, "other.key")));
    }

    [Fact]
    public void A_damaged_key_file_stops_the_start_with_a_clear_message()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "access-code.key");
        File.WriteAllBytes(path, new byte[7]);
        var error = Assert.Throws<InvalidOperationException>(() => ServerKeyFile.LoadOrCreate(path));
        Assert.Contains("must hold exactly 32 bytes", error.Message);
    }
}
