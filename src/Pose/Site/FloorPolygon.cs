using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Site;

/// <summary>A simple polygon on the floor plan (metres), for zones.</summary>
public sealed class FloorPolygon
{
    private readonly PlanePoint[] _vertices;

    /// <summary>Creates a polygon from at least three vertices in order (either orientation).</summary>
    public FloorPolygon(IEnumerable<PlanePoint> vertices)
    {
        _vertices = vertices.ToArray();
        if (_vertices.Length < 3)
        {
            throw new ArgumentException($"A polygon needs at least 3 vertices (got {_vertices.Length}).", nameof(vertices));
        }

        if (_vertices.Any(v => !double.IsFinite(v.X) || !double.IsFinite(v.Y)))
        {
            throw new ArgumentException("Polygon vertices must be finite (an image vertex above the camera's horizon has no floor position).", nameof(vertices));
        }
    }

    /// <summary>The vertices.</summary>
    public IReadOnlyList<PlanePoint> Vertices => _vertices;

    /// <summary>A floor polygon drawn in a camera image, mapped to the floor by <paramref name="imageToFloor"/> (lines stay lines under a homography).</summary>
    public static FloorPolygon FromImage(Homography imageToFloor, IEnumerable<PlanePoint> imageVertices) =>
        new(imageVertices.Select(imageToFloor.Map));

    /// <summary>Whether <paramref name="point"/> lies inside (even-odd rule).</summary>
    public bool Contains(PlanePoint point)
    {
        var inside = false;
        var v = _vertices;
        for (int i = 0, j = v.Length - 1; i < v.Length; j = i++)
        {
            if ((v[i].Y > point.Y) != (v[j].Y > point.Y)
                && point.X < ((v[j].X - v[i].X) * (point.Y - v[i].Y) / (v[j].Y - v[i].Y)) + v[i].X)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
