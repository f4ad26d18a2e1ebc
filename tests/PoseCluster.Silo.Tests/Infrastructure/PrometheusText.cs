using System.Globalization;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>Reads samples out of a Prometheus text exposition.</summary>
public static class PrometheusText
{
    /// <summary>Every sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static IReadOnlyList<(Dictionary<string, string> Labels, double Value)> Samples(string text, string name, params (string Key, string Value)[] labels)
    {
        var result = new List<(Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var metric = brace >= 0 ? line[..brace] : line[..space];
            if (metric != name)
            {
                continue;
            }

            var parsed = new Dictionary<string, string>();
            if (brace >= 0)
            {
                var body = line[(brace + 1)..line.LastIndexOf('}')];
                foreach (var pair in SplitLabels(body))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    parsed[pair[..eq]] = pair[(eq + 2)..^1];
                }
            }

            if (labels.All(l => parsed.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                var value = line[(space + 1)..];
                result.Add((parsed, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }

    /// <summary>The sum of the matching samples (0 when none).</summary>
    public static double Sum(string text, string name, params (string Key, string Value)[] labels) => Samples(text, name, labels).Sum(s => s.Value);

    /// <summary>Whether any sample of <paramref name="name"/> matches.</summary>
    public static bool Has(string text, string name, params (string Key, string Value)[] labels) => Samples(text, name, labels).Count > 0;

    private static IEnumerable<string> SplitLabels(string body)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '"' && (i == 0 || body[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (body[i] == ',' && !quoted)
            {
                yield return body[start..i];
                start = i + 1;
            }
        }

        if (start < body.Length)
        {
            yield return body[start..];
        }
    }
}
