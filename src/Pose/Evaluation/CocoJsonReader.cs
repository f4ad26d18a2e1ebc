using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PoseCluster.Pose.Evaluation;

/// <summary>Field access for the COCO JSON files with errors that say which entry and field are wrong.</summary>
internal static class CocoJsonReader
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, MaxDepth = 64 };

    public static JsonElement Required(JsonElement entry, string name, string where) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new InvalidDataException($"{where}: the field '{name}' is missing.");

    /// <summary>An id: an integer, or a float with an integral value (Python writes 785.0 for some tools).</summary>
    public static long Id(JsonElement value, string name, string where)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var id))
            {
                return id;
            }

            var d = value.GetDouble();
            if (d == Math.Floor(d) && Math.Abs(d) < 9.007199254740992e15)
            {
                return (long)d;
            }
        }

        throw new InvalidDataException($"{where}: '{name}' must be an integer id (was {value.GetRawText()}).");
    }

    public static double Number(JsonElement value, string name, string where) =>
        value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new InvalidDataException($"{where}: '{name}' must be a number (was {value.GetRawText()}).");

    public static int Int(JsonElement value, string name, string where)
    {
        var id = Id(value, name, where);
        return id is >= int.MinValue and <= int.MaxValue
            ? (int)id
            : throw new InvalidDataException($"{where}: '{name}' is out of range ({id}).");
    }

    /// <summary>A truth value written as true/false or 0/1 (COCO uses integers).</summary>
    public static bool Flag(JsonElement value, string name, string where) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDouble() != 0,
        _ => throw new InvalidDataException($"{where}: '{name}' must be 0/1 or a boolean (was {value.GetRawText()})."),
    };

    public static string String(JsonElement value, string name, string where) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{where}: '{name}' must be a string (was {value.GetRawText()}).");

    public static ImmutableArray<double> Numbers(JsonElement value, string name, string where)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{where}: '{name}' must be an array of numbers.");
        }

        var values = new double[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            values[i++] = Number(item, name, where);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(values);
    }

    public static CocoBox? Box(JsonElement entry, string where)
    {
        if (!entry.TryGetProperty("bbox", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var numbers = Numbers(value, "bbox", where);
        return numbers.Length switch
        {
            0 => null,
            4 => new CocoBox(numbers[0], numbers[1], numbers[2], numbers[3]),
            _ => throw new InvalidDataException($"{where}: 'bbox' must be [x, y, width, height]."),
        };
    }

    public static JsonElement Array(JsonElement root, string name, string where)
    {
        var value = Required(root, name, where);
        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new InvalidDataException($"{where}: '{name}' must be an array.");
    }

    public static string At(string file, string list, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{file}: {list}[{index}]");
}
