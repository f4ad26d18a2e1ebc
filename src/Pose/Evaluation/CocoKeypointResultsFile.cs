using System.Text.Json;

namespace PoseCluster.Pose.Evaluation;

/// <summary>
/// Reads and writes a COCO keypoint results file: a JSON list of
/// <c>{"image_id", "category_id", "keypoints": [x, y, score] x 17 flattened, "score"}</c>.
/// </summary>
public static class CocoKeypointResultsFile
{
    /// <summary>Reads a results file.</summary>
    public static List<CocoKeypointResult> Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFileName(path));
    }

    /// <summary>Parses results from JSON text.</summary>
    public static List<CocoKeypointResult> Parse(string json, string source = "results")
    {
        using var doc = Document(() => JsonDocument.Parse(json, CocoJsonReader.DocumentOptions), source);
        return FromRoot(doc.RootElement, source);
    }

    /// <summary>Parses results from a UTF-8 JSON stream.</summary>
    public static List<CocoKeypointResult> Parse(Stream utf8Json, string source = "results")
    {
        using var doc = Document(() => JsonDocument.Parse(utf8Json, CocoJsonReader.DocumentOptions), source);
        return FromRoot(doc.RootElement, source);
    }

    /// <summary>Writes <paramref name="results"/> to <paramref name="path"/> (created or replaced).</summary>
    public static void Save(string path, IEnumerable<CocoKeypointResult> results)
    {
        using var stream = File.Create(path);
        Write(stream, results);
    }

    /// <summary>
    /// Writes <paramref name="results"/> as a compact JSON list. Numbers use the shortest text that reads back to the
    /// same double, so a written file evaluates exactly like the in-memory results.
    /// </summary>
    public static void Write(Stream utf8Json, IEnumerable<CocoKeypointResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var writer = new Utf8JsonWriter(utf8Json);
        writer.WriteStartArray();
        foreach (var r in results)
        {
            writer.WriteStartObject();
            writer.WriteNumber("image_id", r.ImageId);
            writer.WriteNumber("category_id", r.CategoryId);
            writer.WriteStartArray("keypoints");
            foreach (var v in r.Keypoints)
            {
                writer.WriteNumberValue(v);
            }

            writer.WriteEndArray();
            writer.WriteNumber("score", r.Score);
            if (r.Box is { } box)
            {
                writer.WriteStartArray("bbox");
                writer.WriteNumberValue(box.X);
                writer.WriteNumberValue(box.Y);
                writer.WriteNumberValue(box.Width);
                writer.WriteNumberValue(box.Height);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static JsonDocument Document(Func<JsonDocument> parse, string source)
    {
        try
        {
            return parse();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}).", e);
        }
    }

    private static List<CocoKeypointResult> FromRoot(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: a COCO results file is a JSON list.");
        }

        var results = new List<CocoKeypointResult>(root.GetArrayLength());
        var index = 0;
        foreach (var e in root.EnumerateArray())
        {
            var where = CocoJsonReader.At(source, "results", index++);
            var keypoints = CocoJsonReader.Numbers(CocoJsonReader.Required(e, "keypoints", where), "keypoints", where);
            if (keypoints.Length == 0 || keypoints.Length % 3 != 0)
            {
                throw new InvalidDataException($"{where}: 'keypoints' must hold x, y, score triples ({keypoints.Length} values).");
            }

            results.Add(new CocoKeypointResult
            {
                ImageId = CocoJsonReader.Id(CocoJsonReader.Required(e, "image_id", where), "image_id", where),
                CategoryId = CocoJsonReader.Int(CocoJsonReader.Required(e, "category_id", where), "category_id", where),
                Keypoints = keypoints,
                Score = CocoJsonReader.Number(CocoJsonReader.Required(e, "score", where), "score", where),
                Box = CocoJsonReader.Box(e, where),
            });
        }

        return results;
    }
}
