using RedConnect.Signaling.AccessCodes;

namespace RedConnect.Signaling.Tests.AccessCodes;

public class AccessCodeTests
{
    [Fact]
    public void Generated_codes_have_twelve_alphabet_symbols_and_at_least_50_bits()
    {
        Assert.True(AccessCode.EntropyBits >= 50);
        for (var i = 0; i < 1000; i++)
        {
            var code = AccessCode.Generate();
            Assert.Equal(AccessCode.Length, code.Length);
            Assert.All(code, c => Assert.Contains(c, AccessCode.Alphabet));
        }
    }

    [Fact]
    public void Generated_codes_do_not_repeat_and_use_the_whole_alphabet()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => AccessCode.Generate()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var symbols = codes.SelectMany(c => c).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(32, symbols.Count);
        // 240 000 symbols over 32 values: each expected 7 500; a biased generator falls far outside ±10 %.
        Assert.All(symbols.Values, n => Assert.InRange(n, 6_750, 8_250));
    }

    [Theory]
    [InlineData("7KQ4-M2XD-9HFA", "7KQ4M2XD9HFA")]
    [InlineData("7kq4m2xd9hfa", "7KQ4M2XD9HFA")]
    [InlineData(" 7kq4 - m2xd - 9hfa ", "7KQ4M2XD9HFA")]
    [InlineData("OIL0-0000-0000", "0110" + "0000" + "0000")]
    public void Typed_codes_normalise_case_dash_and_lookalike_insensitively(string typed, string expected)
    {
        Assert.True(AccessCode.TryNormalize(typed, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7KQ4-M2XD-9HF")]
    [InlineData("7KQ4-M2XD-9HFAA")]
    [InlineData("7KQ4-M2XD-9HFU")]
    [InlineData("7KQ4-M2XD-9HF!")]
    [InlineData("7KQ4/M2XD/9HFA")]
    public void Malformed_input_is_not_a_code(string? typed)
    {
        Assert.False(AccessCode.TryNormalize(typed, out var normalized));
        Assert.Null(normalized);
    }

    [Fact]
    public void Very_long_input_is_refused_without_scanning_it()
    {
        Assert.False(AccessCode.TryNormalize(new string('-', 10_000) + "7KQ4M2XD9HFA", out _));
    }

    [Fact]
    public void Format_groups_by_four_and_round_trips()
    {
        var code = AccessCode.Generate();
        var shown = AccessCode.Format(code);
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", shown);
        Assert.True(AccessCode.TryNormalize(shown, out var back));
        Assert.Equal(code, back);
    }

    [Fact]
    public void Hash_is_keyed_and_stable()
    {
        var key1 = Enumerable.Repeat((byte)1, 32).ToArray();
        var key2 = Enumerable.Repeat((byte)2, 32).ToArray();
        var a = new AccessCodeHasher(key1);
        Assert.Equal(a.Hash("7KQ4M2XD9HFA"), new AccessCodeHasher(key1).Hash("7KQ4M2XD9HFA"));
        Assert.NotEqual(a.Hash("7KQ4M2XD9HFA"), new AccessCodeHasher(key2).Hash("7KQ4M2XD9HFA"));
        Assert.NotEqual(a.Hash("7KQ4M2XD9HFA"), a.Hash("7KQ4M2XD9HFB"));
        Assert.DoesNotContain("7KQ4M2XD9HFA", a.Hash("7KQ4M2XD9HFA"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Hasher_refuses_short_keys()
    {
        Assert.Throws<ArgumentException>(() => new AccessCodeHasher(new byte[16]));
    }
}
