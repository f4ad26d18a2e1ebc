using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PoseCluster.Cluster.Sites;
using PoseCluster.Grains.Site;

namespace PoseCluster.Silo.Webhooks;

/// <summary>The body and signature of a webhook delivery (the wire format documented in <c>docs/silo.md</c>).</summary>
internal static class WebhookPayload
{
    /// <summary>The signature header's value prefix.</summary>
    public const string SignaturePrefix = "sha256=";

    /// <summary>
    /// The JSON body: <c>{"id","site","site_name","time","kind","global_id","camera","zone","details"}</c>, written by hand
    /// so that the field order and names are a stable contract.
    /// </summary>
    public static byte[] Serialize(string siteName, SiteEventRecord siteEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + siteEvent.Details.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", siteEvent.Id);
            json.WriteString("site", siteEvent.SiteId);
            json.WriteString("site_name", siteName);
            SiteEventJson.WriteFields(json, siteEvent);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> under the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
