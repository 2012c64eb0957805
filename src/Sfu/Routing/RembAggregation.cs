namespace RedConnect.Sfu.Routing;

/// <summary>
/// The bitrate one publisher should send one video stream at: the minimum over its subscribers of what
/// each reported by REMB (draft-alvestrand-rmcat-remb-03), so the weakest receiver is not flooded —
/// lowered further where that subscriber reports heavy loss, with the loss-based rule of GCC
/// (draft-ietf-rmcat-gcc-02 §6: above 10 % loss, A = A·(1 − 0.5·p)), and clamped to a sane range.
/// </summary>
public static class RembAggregation
{
    public static bool TryAggregate(IReadOnlyList<Consumer> consumers, long now, long maxAgeTicks, ulong minimum, ulong maximum, out ulong bitrate)
    {
        bitrate = ulong.MaxValue;
        bool any = false;
        foreach (Consumer consumer in consumers)
        {
            ulong reported = consumer.ReportedBitrate;
            if (reported == 0 || consumer.IsClosed || now - consumer.ReportedAt > maxAgeTicks) continue;
            int fractionLost = consumer.FractionLost;
            if (fractionLost > 25)
            {
                // 25/256 ≈ 10 %.
                reported = (ulong)(reported * (1.0 - 0.5 * fractionLost / 256.0));
            }

            bitrate = Math.Min(bitrate, reported);
            any = true;
        }

        if (!any)
        {
            bitrate = 0;
            return false;
        }

        bitrate = Math.Clamp(bitrate, minimum, maximum);
        return true;
    }
}
