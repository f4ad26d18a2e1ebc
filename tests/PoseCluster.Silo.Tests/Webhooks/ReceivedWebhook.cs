using System.Text.Json;

namespace PoseCluster.Silo.Tests.Webhooks;

/// <summary>One request the <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Attempt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public Guid EventId => Json.GetProperty("id").GetGuid();
}
