using System.Text.Json;
using PoseCluster.Cluster.Sites;

namespace PoseCluster.Grains.Site;

/// <summary>The JSON fields of a site event shared by the live stream and webhook deliveries (stable names and order).</summary>
public static class SiteEventJson
{
    /// <summary>Writes <c>"time","kind","global_id","camera","zone","details"</c> (the caller writes the id and any site fields first).</summary>
    public static void WriteFields(Utf8JsonWriter writer, SiteEventRecord siteEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(siteEvent);
        writer.WriteString("time", siteEvent.Time.ToUniversalTime());
        writer.WriteString("kind", siteEvent.Kind);
        writer.WriteNumber("global_id", siteEvent.GlobalId);
        if (siteEvent.CameraId is { } camera)
        {
            writer.WriteString("camera", camera);
        }
        else
        {
            writer.WriteNull("camera");
        }

        writer.WriteString("zone", siteEvent.Zone);
        writer.WriteString("details", siteEvent.Details);
    }
}
