using System.Security.Cryptography;

namespace RedConnect.Portal.Security;

/// <summary>
/// A 256-bit server secret in a file of its own (mode 600), created once from the CSPRNG. Kept out of the
/// database on purpose: a stolen database file without these files yields no way to test guesses.
/// </summary>
public static class ServerKeyFile
{
    public const int KeyBytes = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static byte[] LoadOrCreate(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(KeyBytes);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
                using (var stream = new FileStream(path, options))
                {
                    stream.Write(key);
                    stream.Flush(flushToDisk: true);
                }
                return key;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        var existing = File.ReadAllBytes(path);
        if (existing.Length != KeyBytes)
            throw new InvalidOperationException($"The key file {path} must hold exactly {KeyBytes} bytes (it holds {existing.Length}). Restore it from a backup; deleting it invalidates every stored access code.");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            File.SetUnixFileMode(path, OwnerOnly);
        return existing;
    }
}

/// <summary>The server secrets, loaded at start-up from <c>Data:Directory</c>.</summary>
/// <param name="AccessCodeKey">HMAC key of <see cref="RedConnect.Signaling.AccessCodes.AccessCodeHasher"/> (<c>access-code.key</c>).</param>
/// <param name="PreloginKey">HMAC key for the fake salts of unknown accounts (<c>prelogin.key</c>).</param>
public sealed record ServerKeys(byte[] AccessCodeKey, byte[] PreloginKey)
{
    public static ServerKeys Load(string dataDirectory) => new(
        ServerKeyFile.LoadOrCreate(Path.Combine(dataDirectory, "access-code.key")),
        ServerKeyFile.LoadOrCreate(Path.Combine(dataDirectory, "prelogin.key")));
}
