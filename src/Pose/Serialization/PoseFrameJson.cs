using System.Text.Json;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.Pose.Serialization;

/// <summary>
/// The JSON form of a <see cref="PoseFrame"/>, shared by the CLI's pose files, the silos' live stream and the gateway:
/// <c>{"frame":n,"t":seconds,"width":w,"height":h,"persons":[{"score":s,"track":id,"state":"confirmed","age":n,"box":[x1,y1,x2,y2],"keypoints":[[x,y,s] x17]}]}</c>.
/// Coordinates are image pixels rounded to 0.01 px; scores to 1e-4. <c>track</c>, <c>state</c> and <c>age</c> are written
/// only for tracked persons (state: tentative, confirmed or recovered; age in frames).
/// </summary>
public static class PoseFrameJson
{
    /// <summary>Writes <paramref name="frame"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, PoseFrame frame)
    {
        writer.WriteStartObject();
        WriteProperties(writer, frame);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the properties of <see cref="Write"/> (<c>frame</c>, <c>t</c>, <c>width</c>, <c>height</c>, <c>persons</c>)
    /// into an object the caller has started, so a message can carry them beside its own fields (the silos' pose
    /// stream does); <see cref="Read"/> reads such a message too.
    /// </summary>
    public static void WriteProperties(Utf8JsonWriter writer, PoseFrame frame)
    {
        writer.WriteNumber("frame", frame.FrameId);
        writer.WriteNumber("t", Math.Round(frame.Timestamp.TotalSeconds, 4));
        writer.WriteNumber("width", frame.ImageWidth);
        writer.WriteNumber("height", frame.ImageHeight);
        writer.WriteStartArray("persons");
        foreach (ref readonly var p in frame.Persons)
        {
            writer.WriteStartObject();
            writer.WriteNumber("score", Round(p.Score, 4));
            if (p.TrackId != 0)
            {
                writer.WriteNumber("track", p.TrackId);
            }

            if (p.TrackState != TrackState.None)
            {
                writer.WriteString("state", StateName(p.TrackState));
                writer.WriteNumber("age", p.TrackAge);
            }

            writer.WriteStartArray("box");
            writer.WriteNumberValue(Round(p.Box.X1, 2));
            writer.WriteNumberValue(Round(p.Box.Y1, 2));
            writer.WriteNumberValue(Round(p.Box.X2, 2));
            writer.WriteNumberValue(Round(p.Box.Y2, 2));
            writer.WriteEndArray();
            writer.WriteStartArray("keypoints");
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                var kp = p.Keypoints[k];
                writer.WriteStartArray();
                writer.WriteNumberValue(Round(kp.X, 2));
                writer.WriteNumberValue(Round(kp.Y, 2));
                writer.WriteNumberValue(Round(kp.Score, 4));
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads a frame written by <see cref="Write"/> into <paramref name="frame"/> (its persons are replaced).</summary>
    public static void Read(JsonElement element, PoseFrame frame)
    {
        frame.Clear();
        frame.FrameId = element.GetProperty("frame").GetInt64();
        frame.Timestamp = TimeSpan.FromSeconds(element.GetProperty("t").GetDouble());
        frame.ImageWidth = element.GetProperty("width").GetInt32();
        frame.ImageHeight = element.GetProperty("height").GetInt32();
        foreach (var p in element.GetProperty("persons").EnumerateArray())
        {
            ref var pose = ref frame.Add();
            pose.Score = p.GetProperty("score").GetSingle();
            pose.TrackId = p.TryGetProperty("track", out var track) ? track.GetInt32() : 0;
            pose.TrackState = p.TryGetProperty("state", out var state) ? ParseState(state.GetString()) : TrackState.None;
            pose.TrackAge = p.TryGetProperty("age", out var age) ? age.GetInt32() : 0;
            var box = p.GetProperty("box");
            pose.Box = new BoundingBox(box[0].GetSingle(), box[1].GetSingle(), box[2].GetSingle(), box[3].GetSingle());
            var k = 0;
            foreach (var kp in p.GetProperty("keypoints").EnumerateArray())
            {
                if (k == CocoKeypoints.Count)
                {
                    throw new JsonException($"A person has more than {CocoKeypoints.Count} keypoints.");
                }

                pose.Keypoints[k++] = new Keypoint(kp[0].GetSingle(), kp[1].GetSingle(), kp[2].GetSingle());
            }

            if (k != CocoKeypoints.Count)
            {
                throw new JsonException($"A person has {k} keypoints; expected {CocoKeypoints.Count}.");
            }
        }
    }

    private static string StateName(TrackState state) => state switch
    {
        TrackState.Tentative => "tentative",
        TrackState.Confirmed => "confirmed",
        TrackState.Recovered => "recovered",
        _ => "none",
    };

    private static TrackState ParseState(string? name) => name switch
    {
        "tentative" => TrackState.Tentative,
        "confirmed" => TrackState.Confirmed,
        "recovered" => TrackState.Recovered,
        "none" or null => TrackState.None,
        _ => throw new JsonException($"Unknown track state '{name}'."),
    };

    private static double Round(float value, int digits) => float.IsFinite(value) ? Math.Round(value, digits) : 0;
}
