using System.Text.Json;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>One message received from a silo's pose stream, with the fields the tests look at.</summary>
public sealed record StreamMessage(
    string Type,
    Guid Camera,
    string Silo,
    long Epoch,
    long Frame,
    DateTimeOffset CapturedAt,
    int Persons,
    string? InferenceNode,
    int Batch,
    long Drops,
    double LatencyMs,
    string? State,
    string? Reason,
    DateTimeOffset ReceivedAt,
    string Json)
{
    public static StreamMessage Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        string? Str(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long Long(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        double Double(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        return new StreamMessage(
            Str("type") ?? "?",
            Str("camera") is { } c ? Guid.Parse(c) : Guid.Empty,
            Str("silo") ?? "",
            Long("epoch"),
            Long("frame"),
            Str("captured_at") is { } t ? DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : default,
            r.TryGetProperty("persons", out var p) && p.ValueKind == JsonValueKind.Array ? p.GetArrayLength() : 0,
            Str("inference_node"),
            (int)Long("batch"),
            Long("drops"),
            Double("latency_ms"),
            Str("state"),
            Str("reason"),
            DateTimeOffset.UtcNow,
            json);
    }
}
