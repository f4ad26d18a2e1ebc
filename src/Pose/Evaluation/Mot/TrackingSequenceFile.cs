using System.Globalization;
using System.Text.Json;

namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>
/// Reads and writes tracking sequences as JSON (documented in docs/tracking.md):
/// <c>{"format":"posecluster-tracking/1","name":..,"width":..,"height":..,"fps":..,"frames":[{"frame":n,
/// "truth":[{"id":i,"box":[x1,y1,x2,y2],"keypoints":[x,y,v x17]?}],"detections":[{"score":s,"box":[..],"keypoints":[x,y,s x17]}]}]}</c>.
/// Pixels are rounded to 0.1, scores to 0.01; ground-truth keypoints are optional (without them only box IoU matching works).
/// </summary>
public static class TrackingSequenceFile
{
    /// <summary>The format tag written and expected.</summary>
    public const string Format = "posecluster-tracking/1";

    /// <summary>Loads every <c>*.json</c> sequence of <paramref name="folder"/>, in name order.</summary>
    public static IReadOnlyList<TrackingSequence> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Sequence folder '{folder}' does not exist.");
        }

        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No *.json tracking sequence in '{folder}'.");
        }

        return files.Select(Load).ToList();
    }

    /// <summary>Loads one sequence file.</summary>
    public static TrackingSequence Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format != Format)
        {
            throw new InvalidDataException($"'{path}' is not a tracking sequence (format '{format}', expected '{Format}').");
        }

        var width = root.GetProperty("width").GetInt32();
        var height = root.GetProperty("height").GetInt32();
        var fps = root.GetProperty("fps").GetDouble();
        var frames = new List<TrackingSequenceFrame>();
        foreach (var frame in root.GetProperty("frames").EnumerateArray())
        {
            var index = frame.GetProperty("frame").GetInt64();
            var time = TimeSpan.FromSeconds(index / fps);
            var truth = new PoseFrame { FrameId = index, Timestamp = time, ImageWidth = width, ImageHeight = height };
            var detections = new PoseFrame { FrameId = index, Timestamp = time, ImageWidth = width, ImageHeight = height };
            foreach (var t in frame.GetProperty("truth").EnumerateArray())
            {
                ref var p = ref truth.Add();
                p.TrackId = t.GetProperty("id").GetInt32();
                p.Score = 1;
                p.Box = ReadBox(t, path);
                if (t.TryGetProperty("keypoints", out var k))
                {
                    ReadKeypoints(k, ref p, path);
                }
            }

            foreach (var d in frame.GetProperty("detections").EnumerateArray())
            {
                ref var p = ref detections.Add();
                p.Score = d.GetProperty("score").GetSingle();
                p.Box = ReadBox(d, path);
                ReadKeypoints(d.GetProperty("keypoints"), ref p, path);
            }

            frames.Add(new TrackingSequenceFrame(truth, detections));
        }

        var name = root.TryGetProperty("name", out var n) && n.GetString() is { Length: > 0 } s ? s : Path.GetFileNameWithoutExtension(path);
        return new TrackingSequence { Name = name, Width = width, Height = height, Fps = fps, Frames = frames };
    }

    /// <summary>Writes <paramref name="sequence"/> to <paramref name="path"/>; ground-truth keypoints only when <paramref name="truthKeypoints"/>.</summary>
    public static void Save(string path, TrackingSequence sequence, bool truthKeypoints = true)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteString("name", sequence.Name);
        writer.WriteNumber("width", sequence.Width);
        writer.WriteNumber("height", sequence.Height);
        writer.WriteNumber("fps", sequence.Fps);
        writer.WriteStartArray("frames");
        foreach (var frame in sequence.Frames)
        {
            writer.WriteStartObject();
            writer.WriteNumber("frame", frame.Truth.FrameId);
            writer.WriteStartArray("truth");
            foreach (ref readonly var p in frame.Truth.Persons)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", p.TrackId);
                WriteBox(writer, p.Box);
                if (truthKeypoints)
                {
                    WriteKeypoints(writer, p, 0);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("detections");
            foreach (ref readonly var p in frame.Detections.Persons)
            {
                writer.WriteStartObject();
                writer.WriteNumber("score", Math.Round(p.Score, 2));
                WriteBox(writer, p.Box);
                WriteKeypoints(writer, p, 2);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteBox(Utf8JsonWriter writer, BoundingBox box)
    {
        writer.WriteStartArray("box");
        writer.WriteNumberValue(Math.Round(box.X1, 1));
        writer.WriteNumberValue(Math.Round(box.Y1, 1));
        writer.WriteNumberValue(Math.Round(box.X2, 1));
        writer.WriteNumberValue(Math.Round(box.Y2, 1));
        writer.WriteEndArray();
    }

    private static void WriteKeypoints(Utf8JsonWriter writer, in PersonPose pose, int scoreDigits)
    {
        writer.WriteStartArray("keypoints");
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            var p = pose.Keypoints[k];
            writer.WriteNumberValue(Math.Round(p.X, 1));
            writer.WriteNumberValue(Math.Round(p.Y, 1));
            writer.WriteNumberValue(Math.Round(p.Score, scoreDigits));
        }

        writer.WriteEndArray();
    }

    private static BoundingBox ReadBox(JsonElement element, string path)
    {
        var box = element.GetProperty("box");
        if (box.GetArrayLength() != 4)
        {
            throw new InvalidDataException($"'{path}': a box must be [x1, y1, x2, y2].");
        }

        return new BoundingBox(box[0].GetSingle(), box[1].GetSingle(), box[2].GetSingle(), box[3].GetSingle());
    }

    private static void ReadKeypoints(JsonElement keypoints, ref PersonPose pose, string path)
    {
        if (keypoints.GetArrayLength() != 3 * CocoKeypoints.Count)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"'{path}': keypoints must be {3 * CocoKeypoints.Count} numbers (x, y, score per COCO keypoint)."));
        }

        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            pose.Keypoints[k] = new Keypoint(keypoints[3 * k].GetSingle(), keypoints[(3 * k) + 1].GetSingle(), keypoints[(3 * k) + 2].GetSingle());
        }
    }
}
