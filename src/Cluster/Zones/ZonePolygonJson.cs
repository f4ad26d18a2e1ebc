using System.Globalization;
using System.Text.Json;

namespace PoseCluster.Cluster.Zones;

/// <summary>The stored form of a zone polygon: <c>[[x,y],...]</c> in normalised image coordinates.</summary>
internal static class ZonePolygonJson
{
    public static string Write(IReadOnlyList<ZonePoint> polygon)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var p in polygon)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(Math.Round(p.X, 6));
                writer.WriteNumberValue(Math.Round(p.Y, 6));
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<ZonePoint> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var points = new List<ZonePoint>(document.RootElement.GetArrayLength());
        foreach (var p in document.RootElement.EnumerateArray())
        {
            points.Add(new ZonePoint(p[0].GetDouble(), p[1].GetDouble()));
        }

        return points;
    }

    public static string Describe(IReadOnlyList<ZonePoint> polygon) =>
        string.Join(" ", polygon.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.###},{p.Y:0.###}")));
}
