using RedConnect.Turn.Options;

namespace RedConnect.Turn.Config;

/// <summary>
/// Reads coturn's configuration syntax so an operator's <c>turnserver.conf</c> and command line start
/// rc-turn: <c>key=value</c>, <c>key value</c>, bare flags, <c>#</c> comment lines, repeated list keys;
/// on the command line <c>--key=value</c>, <c>--key value</c>, coturn's short options, <c>-c FILE</c>
/// and <c>-n</c> (no file). As in coturn the file is read first and the command line applied after it,
/// so single-valued options on the command line win, while list options (listening-ip, user, …) add up.
/// Without <c>-c</c> no file is read (coturn would search ./, /etc/ …; rc-turn does not guess).
/// </summary>
public static class CoturnConfigParser
{
    public const string CommandLine = "command line";

    /// <summary>Parses command-line arguments, reading the <c>-c</c> file through <paramref name="readFile"/>.</summary>
    public static CoturnConfigResult Parse(IReadOnlyList<string> args, Func<string, string>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        readFile ??= File.ReadAllText;
        var errors = new List<string>();
        var applier = new CoturnOptionApplier(new TurnServerOptions(), errors);

        var (configFile, noConfigFile, help, version) = ScanSpecialArguments(args, errors);
        if (configFile is not null && !noConfigFile)
        {
            string? text = null;
            try
            {
                text = readFile(configFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                errors.Add($"{configFile}: cannot read configuration file: {ex.Message}");
            }

            if (text is not null)
            {
                ApplyFile(text, configFile, applier);
            }
        }

        ApplyCommandLine(args, applier, errors);
        return Finish(applier, errors, help, version, noConfigFile ? null : configFile);
    }

    /// <summary>Parses the text of one configuration file; <paramref name="fileName"/> prefixes errors.</summary>
    public static CoturnConfigResult ParseFile(string text, string fileName = "turnserver.conf")
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<string>();
        var applier = new CoturnOptionApplier(new TurnServerOptions(), errors);
        ApplyFile(text, fileName, applier);
        return Finish(applier, errors, help: false, version: false, fileName);
    }

    private static CoturnConfigResult Finish(CoturnOptionApplier applier, List<string> errors, bool help, bool version, string? file)
    {
        applier.Finish();
        var warnings = new List<string>();
        if (applier.Ignored.Count > 0)
        {
            warnings.Add($"accepted but ignored coturn options (not implemented by rc-turn): {string.Join(", ", applier.Ignored)}");
        }

        return new CoturnConfigResult(applier.Options, warnings, errors, help, version, file);
    }

    private static void ApplyFile(string text, string fileName, CoturnOptionApplier applier)
    {
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            // "key=value" or "key value" (coturn accepts both); the key ends at the first '=' or blank.
            var end = line.IndexOfAny('=', ' ', '\t');
            string name;
            string? value = null;
            if (end < 0)
            {
                name = line.ToString();
            }
            else
            {
                name = line[..end].ToString();
                var rest = line[(end + 1)..].Trim();
                if (line[end] != '=' && !rest.IsEmpty && rest[0] == '=')
                {
                    rest = rest[1..].Trim(); // "key = value"
                }

                value = Unquote(rest);
            }

            applier.Apply(name, value, $"{fileName}:{lineNumber}");
        }
    }

    private static void ApplyCommandLine(IReadOnlyList<string> args, CoturnOptionApplier applier, List<string> errors)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-c")
            {
                i++; // the file, already read
                continue;
            }

            if (arg is "-n" or "-h" or "--help" or "--version")
            {
                continue;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var body = arg[2..];
                var eq = body.IndexOf('=');
                var name = eq < 0 ? body : body[..eq];
                string? value = eq < 0 ? null : Unquote(body.AsSpan(eq + 1));
                if (eq < 0 && CoturnOptionNames.WithRequiredValue.Contains(name))
                {
                    if (i + 1 >= args.Count)
                    {
                        errors.Add($"{CommandLine}: option '--{name}' needs a value");
                        continue;
                    }

                    value = args[++i];
                }

                applier.Apply(name, value, CommandLine);
                continue;
            }

            if (arg.Length >= 2 && arg[0] == '-' && arg[1] != '-')
            {
                if (!CoturnOptionNames.Short.TryGetValue(arg[1], out var name))
                {
                    errors.Add($"{CommandLine}: unknown option '{arg[..2]}'");
                    continue;
                }

                string? value = null;
                if (CoturnOptionNames.WithRequiredValue.Contains(name))
                {
                    if (arg.Length > 2)
                    {
                        value = arg[2..]; // getopt's "-p3478"
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        errors.Add($"{CommandLine}: option '{arg}' needs a value");
                        continue;
                    }
                }
                else if (arg.Length > 2)
                {
                    errors.Add($"{CommandLine}: option '{arg[..2]}' takes no value");
                    continue;
                }

                applier.Apply(name, value, CommandLine);
                continue;
            }

            errors.Add($"{CommandLine}: unexpected argument '{arg}'");
        }
    }

    private static (string? ConfigFile, bool NoConfigFile, bool Help, bool Version) ScanSpecialArguments(
        IReadOnlyList<string> args, List<string> errors)
    {
        string? file = null;
        bool noFile = false, help = false, version = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-c":
                    if (i + 1 < args.Count)
                    {
                        file = args[++i];
                    }
                    else
                    {
                        errors.Add($"{CommandLine}: option '-c' needs a file name");
                    }
                    break;
                case "-n": noFile = true; break;
                case "-h" or "--help": help = true; break;
                case "--version": version = true; break;
                default:
                    // Skip the value of a value-taking option so "-u -c" style values are not misread.
                    if (args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('=') &&
                        CoturnOptionNames.WithRequiredValue.Contains(args[i][2..]))
                    {
                        i++;
                    }
                    else if (args[i].Length == 2 && args[i][0] == '-' &&
                             CoturnOptionNames.Short.TryGetValue(args[i][1], out var name) &&
                             CoturnOptionNames.WithRequiredValue.Contains(name))
                    {
                        i++;
                    }
                    break;
            }
        }

        return (file, noFile, help, version);
    }

    private static string Unquote(ReadOnlySpan<char> value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        return value.ToString();
    }
}
