namespace RedConnect.Sfu.Tests.Sdp;

/// <summary>
/// Offers captured from headless Chromium 156 and Firefox ESR 153 on this machine (fake devices): a
/// camera+microphone offer with gathered candidates, a simulcast offer with a data channel, a recvonly
/// offer, Chromium's answer to its own offer, and both browsers' answers to an SdpOfferBuilder subscriber
/// offer (audio, video with RTX, one stopped video section). Read from the source tree, so no copy step is needed.
/// </summary>
internal static class SdpTestData
{
    public static readonly string[] Files =
    [
        "chromium-offer.sdp",
        "chromium-simulcast.sdp",
        "chromium-recvonly.sdp",
        "chromium-answer.sdp",
        "firefox-offer.sdp",
        "firefox-simulcast.sdp",
        "firefox-recvonly.sdp",
        "chromium-answer-to-sfu-offer.sdp",
        "firefox-answer-to-sfu-offer.sdp",
    ];

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    private static string Directory { get; } = Locate();

    private static string Locate()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Sfu.Tests", "Sdp", "data");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }

            candidate = Path.Combine(dir.FullName, "Sdp", "data");
            if (System.IO.Directory.Exists(candidate) && File.Exists(Path.Combine(candidate, "chromium-offer.sdp")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Sfu.Tests/Sdp/data not found above " + AppContext.BaseDirectory);
    }
}
