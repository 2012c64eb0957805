using System.Globalization;

namespace RedConnect.SfuLoad;

/// <summary>Command line of rc-sfu-load. Every value is checked, with one message per bad value.</summary>
public sealed record LoadOptions
{
    public int Publishers { get; init; } = 2;

    public int Subscribers { get; init; } = 4;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int ReceiveLoops { get; init; } = 1;

    public bool Audio { get; init; } = true;

    public bool Video { get; init; } = true;

    /// <summary>Lean throughput mode: forwarded packets/s offered (publisher rate × subscribers); 0 = the media mode.</summary>
    public int BlastRate { get; init; }

    /// <summary>RTP payload size in the blast mode.</summary>
    public int PayloadBytes { get; init; } = 1000;

    /// <summary>SFU receive loops on this core, every other thread on <see cref="ClientCore"/>; -1 = no pinning.</summary>
    public int SfuCore { get; init; } = -1;

    public int ClientCore { get; init; } = 1;

    public bool BatchedIo { get; init; } = true;

    /// <summary>Blast mode: seconds sent at the same rate before the measured window (JIT tier-up, caches).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Blast mode: subscribers block in recvmmsg instead of polling every 1 ms (see SyntheticConnection.PollInterval).</summary>
    public bool BlockingReceive { get; init; }

    /// <summary>Write the SFU node's log (information and up) to stderr.</summary>
    public bool Log { get; init; }

    public static string Usage =>
        "usage: rc-sfu-load [--publishers N] [--subscribers M] [--duration SECONDS] [--receive-loops K] [--no-audio] [--no-video] [--sfu-core C --client-core C] [--log]\n"
        + "       rc-sfu-load --blast FORWARDED_PKT_PER_S [--publishers N] [--subscribers M] [--payload BYTES] [--duration SECONDS] [--warmup SECONDS] [--sfu-core C --client-core C] [--per-packet-io] [--blocking-receive]";

    public static bool TryParse(string[] args, out LoadOptions options, out List<string> errors)
    {
        options = new LoadOptions();
        errors = [];
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (name)
            {
                case "--publishers": options = options with { Publishers = Int(name, value, 1, 64, errors) }; i++; break;
                case "--subscribers": options = options with { Subscribers = Int(name, value, 1, 63, errors) }; i++; break;
                case "--duration": options = options with { Duration = TimeSpan.FromSeconds(Int(name, value, 1, 600, errors)) }; i++; break;
                case "--receive-loops": options = options with { ReceiveLoops = Int(name, value, 1, 64, errors) }; i++; break;
                case "--no-audio": options = options with { Audio = false }; break;
                case "--no-video": options = options with { Video = false }; break;
                case "--blast": options = options with { BlastRate = Int(name, value, 1, 10_000_000, errors) }; i++; break;
                case "--payload": options = options with { PayloadBytes = Int(name, value, 16, 1400, errors) }; i++; break;
                case "--sfu-core": options = options with { SfuCore = Int(name, value, 0, 63, errors) }; i++; break;
                case "--client-core": options = options with { ClientCore = Int(name, value, 0, 63, errors) }; i++; break;
                case "--per-packet-io": options = options with { BatchedIo = false }; break;
                case "--warmup": options = options with { Warmup = TimeSpan.FromSeconds(Int(name, value, 0, 60, errors)) }; i++; break;
                case "--blocking-receive": options = options with { BlockingReceive = true }; break;
                case "--log": options = options with { Log = true }; break;
                default: errors.Add($"unknown argument '{name}'"); break;
            }
        }

        if (options.Publishers + options.Subscribers > 64) errors.Add("publishers + subscribers must be at most 64 (the room limit a room token can carry)");
        if (!options.Audio && !options.Video) errors.Add("--no-audio and --no-video together leave nothing to send");
        return errors.Count == 0;
    }

    private static int Int(string name, string? value, int min, int max, List<string> errors)
    {
        if (value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int result) && result >= min && result <= max) return result;
        errors.Add($"{name} needs a whole number from {min} to {max}, got '{value}'");
        return min;
    }
}
