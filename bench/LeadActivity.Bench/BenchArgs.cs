using System.Globalization;
using System.Text.Json;

namespace LeadActivity.Bench;

public sealed class BenchUsageException(string message) : Exception(message);

/// <summary>The <c>--name value</c> options of a scenario.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new BenchUsageException($"expected --name value, got '{args[i]}'");
            _options[args[i][2..]] = args[++i];
        }
    }

    public int Int(string name, int fallback)
    {
        if (!_options.TryGetValue(name, out var text))
            return fallback;
        return int.TryParse(text.Replace("_", "").Replace(",", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new BenchUsageException($"--{name} takes a positive whole number, got '{text}'");
    }

    public string String(string name, string fallback) => _options.GetValueOrDefault(name, fallback);
}

/// <summary>Prints one measurement as one JSON line.</summary>
public static class BenchOutput
{
    public static void Line(string scenario, string @case, IReadOnlyDictionary<string, object> figures)
    {
        var line = new Dictionary<string, object> { ["scenario"] = scenario, ["case"] = @case };
        foreach (var (key, value) in figures)
            line[key] = value is double d ? Math.Round(d, 3) : value;
        Console.WriteLine(JsonSerializer.Serialize(line));
    }
}
