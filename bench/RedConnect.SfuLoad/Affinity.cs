using System.Globalization;
using System.Runtime.InteropServices;

namespace RedConnect.SfuLoad;

/// <summary>
/// Pins this process's threads to cores by name (sched_setaffinity(2) on each /proc/self/task entry), so an
/// in-process run can keep the SFU's receive loops ("sfu-rx-N") on one core and the synthetic clients on
/// another — the same split as two processes under taskset, without a second program.
/// </summary>
public static partial class Affinity
{
    public static bool IsAvailable => OperatingSystem.IsLinux() && Directory.Exists("/proc/self/task");

    /// <summary>Threads whose name starts with <paramref name="prefix"/> go to <paramref name="matchingCore"/>, all others to <paramref name="otherCore"/>.</summary>
    public static int Pin(string prefix, int matchingCore, int otherCore)
    {
        if (!IsAvailable) return 0;
        int pinned = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string comm = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                int core = comm.StartsWith(prefix, StringComparison.Ordinal) ? matchingCore : otherCore;
                ulong mask = 1UL << core;
                if (SchedSetAffinity(tid, sizeof(ulong), ref mask) == 0) pinned++;
            }
            catch (IOException)
            {
                // the thread exited meanwhile
            }
        }

        return pinned;
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, ref ulong mask);
}
