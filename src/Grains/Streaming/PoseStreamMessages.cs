using System.Buffers;
using System.Text.Json;
using PoseCluster.Grains.Site;
using PoseCluster.Pose;
using PoseCluster.Pose.Serialization;

namespace PoseCluster.Grains.Streaming;

/// <summary>
/// Builds the JSON of the pose stream. Two message types:
/// <list type="bullet">
/// <item><c>{"type":"pose","camera":id,"camera_name":n,"silo":node,"silo_id":id,"epoch":e,"inference_node":node,"frame":n,"t":s,
/// "captured_at":iso,"published_at":iso,"fps_in":f,"fps_out":f,"drops":n,"latency_ms":ms,"batch":n,"pipeline":p,"width":w,"height":h,
/// "persons":[PoseFrameJson person]}</c></item>
/// <item><c>{"type":"status","camera":id,"camera_name":n,"silo":node,"silo_id":id,"epoch":e,"state":"connecting|streaming|stalled|failed|ended|stopped",
/// "reason":text,"reconnects":n,"at":iso}</c></item>
/// <item><c>{"type":"site","site":id,"site_name":n,"silo":node,"silo_id":id,"epoch":e,"at":iso,"persons":n,
/// "identities":[{"id":g,"x":m,"y":m,"posture":"standing|sitting|lying|unknown","cameras":n}],
/// "zones":[{"name":s,"persons":n,"restricted":b}],"cameras":[{"camera":id,"calibrated":b,"persons":n}],
/// "events":[{"id":id,"time":iso,"kind":k,"global_id":g,"camera":id|null,"zone":s|null,"details":s}]}</c>
/// (floor positions in metres; events are those raised since the previous site message)</item>
/// </list>
/// Reasons are redacted by the video layer; nothing here ever holds a credential.
/// </summary>
public static class PoseStreamMessages
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>A pose message for one processed frame.</summary>
    public static PoseStreamMessage Pose(in PoseMessageFields fields, PoseFrame poses)
    {
        ArgumentNullException.ThrowIfNull(poses);
        var writer = Begin();
        WriteHeader(writer, "pose", fields.CameraId, fields.CameraName, fields.Node, fields.SiloId, fields.Epoch);
        writer.WriteString("inference_node", fields.InferenceNode);
        writer.WriteString("captured_at", fields.CapturedAt);
        writer.WriteString("published_at", fields.PublishedAt);
        writer.WriteNumber("fps_in", Math.Round(fields.FpsIn, 2));
        writer.WriteNumber("fps_out", Math.Round(fields.FpsOut, 2));
        writer.WriteNumber("drops", fields.Drops);
        writer.WriteNumber("latency_ms", Math.Round(fields.LatencyMs, 1));
        writer.WriteNumber("batch", fields.BatchSize);
        writer.WriteString("pipeline", fields.Pipeline);
        PoseFrameJson.WriteProperties(writer, poses);
        return End(fields.CameraId, PoseStreamMessageKind.Pose);
    }

    /// <summary>A status message.</summary>
    public static PoseStreamMessage Status(in CameraStatusFields fields)
    {
        var writer = Begin();
        WriteHeader(writer, "status", fields.CameraId, fields.CameraName, fields.Node, fields.SiloId, fields.Epoch);
        writer.WriteString("state", fields.State);
        writer.WriteString("reason", fields.Reason);
        writer.WriteNumber("reconnects", fields.Reconnects);
        writer.WriteString("at", fields.At);
        return End(fields.CameraId, PoseStreamMessageKind.Status);
    }

    /// <summary>A site grain's live snapshot.</summary>
    public static PoseStreamMessage Site(SiteLiveSnapshot site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var writer = Begin();
        writer.WriteString("type", "site");
        writer.WriteString("site", site.SiteId);
        writer.WriteString("site_name", site.SiteName);
        writer.WriteString("silo", site.Node);
        writer.WriteString("silo_id", site.SiloId);
        writer.WriteNumber("epoch", site.Epoch);
        writer.WriteString("at", site.At);
        writer.WriteNumber("persons", site.Identities.Count);
        writer.WriteStartArray("identities");
        foreach (var p in site.Identities)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", p.GlobalId);
            writer.WriteNumber("x", Math.Round(p.X, 3));
            writer.WriteNumber("y", Math.Round(p.Y, 3));
            writer.WriteString("posture", p.Posture);
            writer.WriteNumber("cameras", p.Cameras);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("zones");
        foreach (var z in site.Zones)
        {
            writer.WriteStartObject();
            writer.WriteString("name", z.Name);
            writer.WriteNumber("persons", z.Persons);
            writer.WriteBoolean("restricted", z.Restricted);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("cameras");
        foreach (var c in site.Cameras)
        {
            writer.WriteStartObject();
            writer.WriteString("camera", c.CameraId);
            writer.WriteBoolean("calibrated", c.Calibrated);
            writer.WriteNumber("persons", c.Persons);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("events");
        foreach (var e in site.Events)
        {
            writer.WriteStartObject();
            writer.WriteString("id", e.Id);
            SiteEventJson.WriteFields(writer, e);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        return End(site.SiteId, PoseStreamMessageKind.Site);
    }

    private static void WriteHeader(Utf8JsonWriter writer, string type, Guid camera, string cameraName, string node, Guid siloId, long epoch)
    {
        writer.WriteString("type", type);
        writer.WriteString("camera", camera);
        writer.WriteString("camera_name", cameraName);
        writer.WriteString("silo", node);
        writer.WriteString("silo_id", siloId);
        writer.WriteNumber("epoch", epoch);
    }

    private static Utf8JsonWriter Begin()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        return writer;
    }

    private static PoseStreamMessage End(Guid camera, PoseStreamMessageKind kind)
    {
        var writer = t_writer!;
        writer.WriteEndObject();
        writer.Flush();
        return new PoseStreamMessage(camera, kind, t_buffer!.WrittenSpan.ToArray());
    }
}
