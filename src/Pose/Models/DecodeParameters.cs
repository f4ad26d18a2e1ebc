using System.Globalization;
using System.Text.Json;

namespace PoseCluster.Pose.Models;

/// <summary>
/// A catalog entry's family-specific decoding constants (thresholds, strides, channel tables). Each family's decoder
/// reads what it needs with a default, so a new model of a known family needs no code.
/// </summary>
public sealed class DecodeParameters
{
    private readonly Dictionary<string, JsonElement> _values;

    /// <summary>Creates parameters from raw JSON values.</summary>
    public DecodeParameters(IReadOnlyDictionary<string, JsonElement>? values = null)
    {
        _values = values is null ? new(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(values, StringComparer.Ordinal);
    }

    /// <summary>Names of the parameters present.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>Whether a parameter is present.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>A number, or <paramref name="fallback"/>.</summary>
    public double Number(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? Read(name, v, e => e.GetDouble()) : fallback;

    /// <summary>An integer, or <paramref name="fallback"/>.</summary>
    public int Integer(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? Read(name, v, e => e.GetInt32()) : fallback;

    /// <summary>A string, or <paramref name="fallback"/>.</summary>
    public string Text(string name, string fallback) =>
        _values.TryGetValue(name, out var v) ? Read(name, v, e => e.GetString() ?? fallback) : fallback;

    /// <summary>A string that must be present.</summary>
    public string RequiredText(string name) =>
        _values.TryGetValue(name, out var v) ? Read(name, v, e => e.GetString()!) : throw Missing(name);

    /// <summary>An integer array, or <paramref name="fallback"/>.</summary>
    public int[] Integers(string name, int[] fallback) =>
        _values.TryGetValue(name, out var v) ? Read(name, v, e => e.EnumerateArray().Select(x => x.GetInt32()).ToArray()) : fallback;

    /// <summary>An array of integer arrays (e.g. a limb table), or <paramref name="fallback"/>.</summary>
    public int[][] IntegerRows(string name, int[][] fallback) =>
        _values.TryGetValue(name, out var v)
            ? Read(name, v, e => e.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray())
            : fallback;

    /// <summary>Returns a copy with <paramref name="name"/> set (used by command-line overrides).</summary>
    public DecodeParameters With(string name, object value)
    {
        var copy = new DecodeParameters(_values);
        copy._values[name] = JsonSerializer.SerializeToElement(value);
        return copy;
    }

    /// <summary>
    /// Returns a copy with textual overrides applied (e.g. <c>upsample=8</c> from the command line): a value that
    /// parses as a JSON literal (number, boolean, array, object) is stored as that literal, anything else as a string.
    /// </summary>
    public DecodeParameters WithOverrides(IReadOnlyDictionary<string, string> overrides)
    {
        var copy = new DecodeParameters(_values);
        foreach (var (name, text) in overrides)
        {
            copy._values[name] = ParseLiteral(text);
        }

        return copy;
    }

    /// <summary>A boolean, or <paramref name="fallback"/>.</summary>
    public bool Flag(string name, bool fallback) =>
        _values.TryGetValue(name, out var v) ? Read(name, v, e => e.GetBoolean()) : fallback;

    /// <summary>The parameters as a JSON object.</summary>
    public override string ToString() => JsonSerializer.Serialize(_values);

    private static T Read<T>(string name, JsonElement value, Func<JsonElement, T> read)
    {
        try
        {
            return read(value);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelCatalogException(
                string.Create(CultureInfo.InvariantCulture, $"Decode parameter '{name}' has an invalid value {value.GetRawText()}: {e.Message}"));
        }
    }

    private static JsonElement ParseLiteral(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.String ? JsonSerializer.SerializeToElement(text) : doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }

    private static ModelCatalogException Missing(string name) => new($"Decode parameter '{name}' is required but missing.");
}
