namespace PoseCluster.Cluster.Zones;

/// <summary>A stored zone of a camera.</summary>
/// <param name="Id">Zone id.</param>
/// <param name="CameraId">The camera whose image it is drawn on (deleting the camera deletes its zones).</param>
/// <param name="Name">Name, unique per camera.</param>
/// <param name="Polygon">Vertices in normalised image coordinates.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last update time.</param>
public sealed record ZoneRecord(Guid Id, Guid CameraId, string Name, IReadOnlyList<ZonePoint> Polygon, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether the point (normalised image coordinates) lies inside the polygon (even-odd rule).</summary>
    public bool Contains(double x, double y)
    {
        var inside = false;
        for (int i = 0, j = Polygon.Count - 1; i < Polygon.Count; j = i++)
        {
            var (xi, yi, xj, yj) = (Polygon[i].X, Polygon[i].Y, Polygon[j].X, Polygon[j].Y);
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
