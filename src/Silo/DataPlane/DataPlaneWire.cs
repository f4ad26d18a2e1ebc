using System.Text.Json;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Site;
using PoseCluster.Pose;
using PoseCluster.Pose.Serialization;

namespace PoseCluster.Silo.DataPlane;

/// <summary>
/// The silo-to-silo wire format.
/// <list type="bullet">
/// <item><c>POST /inference/{pipeline}</c>: body <c>image/jpeg</c>; headers <c>X-PoseCluster-Camera</c>,
/// <c>X-PoseCluster-Epoch</c>, <c>X-PoseCluster-Frame</c>, <c>X-PoseCluster-Origin</c> (the sending node). Answer 200
/// <c>{"node":n,"camera":id,"epoch":e,"frame":n,"batch":n,"queue_ms":ms,"inference_ms":ms,"pose":{PoseFrameJson}}</c>,
/// 503 when the peer sheds load, 404 when it does not serve the pipeline.</item>
/// <item><c>POST /sites/{id}/results</c>: <c>[{"camera":id,"silo_id":id,"epoch":e,"frame":n,"captured_at":iso,"pose":{PoseFrameJson}}]</c>;
/// answer 200 <c>{"accepted":n,"refused_stale":n}</c> or 404 when the site grain is not on that node.</item>
/// </list>
/// </summary>
internal static class DataPlaneWire
{
    public const string CameraHeader = "X-PoseCluster-Camera";
    public const string EpochHeader = "X-PoseCluster-Epoch";
    public const string FrameHeader = "X-PoseCluster-Frame";
    public const string OriginHeader = "X-PoseCluster-Origin";

    /// <summary>Largest accepted JPEG body (16 MiB).</summary>
    public const int MaxImageBytes = 16 * 1024 * 1024;

    public static void WriteInferenceResponse(Utf8JsonWriter writer, InferenceRequest request, InferenceResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("node", result.Node);
        writer.WriteString("camera", request.CameraId);
        writer.WriteNumber("epoch", request.Epoch);
        writer.WriteNumber("frame", request.FrameIndex);
        writer.WriteNumber("batch", result.BatchSize);
        writer.WriteNumber("queue_ms", Math.Round(result.QueueMilliseconds, 2));
        writer.WriteNumber("inference_ms", Math.Round(result.InferenceMilliseconds, 2));
        writer.WritePropertyName("pose");
        PoseFrameJson.Write(writer, result.Poses);
        writer.WriteEndObject();
    }

    public static InferenceResult ReadInferenceResponse(JsonElement root, InferenceRequest request)
    {
        if (root.GetProperty("epoch").GetInt64() != request.Epoch || root.GetProperty("frame").GetInt64() != request.FrameIndex)
        {
            throw new JsonException("The peer answered for another frame or epoch.");
        }

        var poses = new PoseFrame();
        PoseFrameJson.Read(root.GetProperty("pose"), poses);
        return new InferenceResult(
            poses,
            root.GetProperty("node").GetString() ?? "?",
            root.GetProperty("batch").GetInt32(),
            root.GetProperty("queue_ms").GetDouble(),
            root.GetProperty("inference_ms").GetDouble());
    }

    public static void WriteSiteResults(Utf8JsonWriter writer, IReadOnlyList<SiteCameraResult> results)
    {
        writer.WriteStartArray();
        foreach (var r in results)
        {
            writer.WriteStartObject();
            writer.WriteString("camera", r.CameraId);
            writer.WriteString("silo_id", r.SiloId);
            writer.WriteNumber("epoch", r.Epoch);
            writer.WriteNumber("frame", r.Frame);
            writer.WriteString("captured_at", r.CapturedAt);
            writer.WritePropertyName("pose");
            PoseFrameJson.Write(writer, r.Poses);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static List<SiteCameraResult> ReadSiteResults(JsonElement root, Guid siteId)
    {
        var list = new List<SiteCameraResult>();
        foreach (var r in root.EnumerateArray())
        {
            var poses = new PoseFrame();
            PoseFrameJson.Read(r.GetProperty("pose"), poses);
            list.Add(new SiteCameraResult(
                siteId,
                r.GetProperty("camera").GetGuid(),
                r.GetProperty("silo_id").GetGuid(),
                r.GetProperty("epoch").GetInt64(),
                r.GetProperty("frame").GetInt64(),
                r.GetProperty("captured_at").GetDateTimeOffset(),
                poses));
        }

        return list;
    }
}
