using System.Globalization;
using Microsoft.Extensions.Logging;

namespace RedConnect.Turn.Host;

/// <summary>coturn-style pidfile: written at start, removed on clean stop. Failure to write is logged, not fatal (as in coturn).</summary>
internal static class PidFile
{
    public static string? TryWrite(string? path, ILogger log)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        try
        {
            File.WriteAllText(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Cannot write pidfile {PidFile}: {Reason}", path, ex.Message);
            return null;
        }
    }

    public static void Remove(string? path, ILogger log)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Cannot remove pidfile {PidFile}: {Reason}", path, ex.Message);
        }
    }
}
