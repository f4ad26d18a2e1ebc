using System.Text.Json;

namespace PoseCluster.Cluster.Sites;

/// <summary>
/// The stored form of a calibration: point pairs as <c>[[imageX,imageY,floorX,floorY],...]</c> and the homography as
/// 9 numbers. Numbers are written in round-trip form (not rounded like zone polygons): the homography's entries span
/// many orders of magnitude.
/// </summary>
internal static class CalibrationJson
{
    public static string WritePoints(IReadOnlyList<CalibrationPoint> points)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var p in points)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(p.ImageX);
                writer.WriteNumberValue(p.ImageY);
                writer.WriteNumberValue(p.FloorX);
                writer.WriteNumberValue(p.FloorY);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<CalibrationPoint> ReadPoints(string json)
    {
        using var document = JsonDocument.Parse(json);
        var points = new List<CalibrationPoint>(document.RootElement.GetArrayLength());
        foreach (var p in document.RootElement.EnumerateArray())
        {
            points.Add(new CalibrationPoint(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble(), p[3].GetDouble()));
        }

        return points;
    }

    public static string WriteMatrix(IReadOnlyList<double> matrix) => JsonSerializer.Serialize(matrix);

    public static IReadOnlyList<double> ReadMatrix(string json) => JsonSerializer.Deserialize<double[]>(json) ?? [];
}
