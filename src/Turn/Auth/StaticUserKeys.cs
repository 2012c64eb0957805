using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using RedConnect.Turn.Options;

namespace RedConnect.Turn.Auth;

/// <summary>
/// The static users' MD5 long-term keys, computed once at start-up from
/// <see cref="TurnServerOptions.StaticUsers"/>: a plain password becomes MD5(name:realm:password),
/// a "0x…" value is taken as that key already (coturn's <c>user=name:0xkey</c>).
/// A lookup per Allocate then costs one dictionary probe and no hashing of the password.
/// </summary>
public sealed class StaticUserKeys
{
    private readonly FrozenDictionary<string, byte[]> _keys;

    public StaticUserKeys(IReadOnlyDictionary<string, string> users, string realm)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(realm);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, secret) in users)
        {
            if (LongTermKey.TryParseCoturnHex(secret, out var hex))
            {
                keys[name] = hex;
            }
            else if (!LongTermKey.LooksLikeCoturnHex(secret))
            {
                keys[name] = LongTermKey.ComputeMd5(name, realm, secret);
            }
            // A malformed "0x…" value is a configuration error reported by the validator; never guess.
        }

        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static StaticUserKeys FromOptions(TurnServerOptions options) =>
        new(options.StaticUsers, options.Realm ?? string.Empty);

    public int Count => _keys.Count;

    /// <summary>The 16-byte MD5 long-term key of a static user.</summary>
    public bool TryGetKey(string username, [NotNullWhen(true)] out byte[]? key) =>
        _keys.TryGetValue(username, out key);
}
