using System.Globalization;

namespace RedConnect.SfuLoad;

/// <summary>
/// CPU time of this process's threads whose name starts with a prefix, from /proc/self/task/*/stat
/// (utime + stime, fields 14 and 15, in clock ticks; proc(5)). The SFU node names its receive loops
/// "sfu-rx-N", and all forwarding (unprotect → route → protect → send) runs on them, so their CPU is
/// the SFU's share even though the synthetic clients share the process.
/// </summary>
public static class ThreadCpu
{
    /// <summary>USER_HZ: 100 on Linux for every mainstream architecture.</summary>
    private const double TicksPerSecond = 100;

    public static bool IsAvailable => Directory.Exists("/proc/self/task");

    public static TimeSpan Total(string namePrefix)
    {
        if (!IsAvailable) return TimeSpan.Zero;
        long ticks = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                if (!comm.StartsWith(namePrefix, StringComparison.Ordinal)) continue;
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                // The name in field 2 may contain spaces: fields after it start behind the last ')'.
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the thread exited between listing and reading
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident set size of the process (VmRSS in /proc/self/status), in bytes.</summary>
    public static long ResidentBytes()
    {
        if (!File.Exists("/proc/self/status")) return Environment.WorkingSet;
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
        }

        return Environment.WorkingSet;
    }
}
