using System.Buffers;
using System.Text.Json;
using PoseCluster.Pose;
using PoseCluster.Pose.Serialization;

namespace PoseCluster.Grains.Streaming;

/// <summary>
/// Builds the JSON of the pose stream. Two message types:
/// <list type="bullet">
/// <item><c>{"type":"pose","camera":id,"camera_name":n,"silo":node,"silo_id":id,"epoch":e,"inference_node":node,"frame":n,"t":s,
/// "captured_at":iso,"published_at":iso,"fps_in":f,"fps_out":f,"drops":n,"latency_ms":ms,"batch":n,"width":w,"height":h,
/// "persons":[PoseFrameJson person]}</c></item>
/// <item><c>{"type":"status","camera":id,"camera_name":n,"silo":node,"silo_id":id,"epoch":e,"state":"connecting|streaming|stalled|failed|ended|stopped",
/// "reason":text,"reconnects":n,"at":iso}</c></item>
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
