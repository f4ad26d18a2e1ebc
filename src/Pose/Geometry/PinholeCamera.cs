namespace PoseCluster.Pose.Geometry;

/// <summary>
/// A calibrated camera without lens distortion: camera coordinates X_c = R (X_w - C) for a world point X_w in metres
/// (C the camera centre), image pixels u = fx X_c / Z_c + cx, v = fy Y_c / Z_c + cy. Its view of the floor (Z = 0) is
/// the homography K [r1 r2 -R C].
/// </summary>
public sealed class PinholeCamera
{
    private readonly double[] _rotation;

    /// <summary>Creates a camera from its intrinsics, its world-to-camera rotation (row-major 3 x 3) and its centre.</summary>
    public PinholeCamera(double fx, double fy, double cx, double cy, ReadOnlySpan<double> rotation, WorldPoint centre)
    {
        if (rotation.Length != 9)
        {
            throw new ArgumentException($"The rotation has 9 elements (got {rotation.Length}).", nameof(rotation));
        }

        if (!(fx > 0) || !(fy > 0))
        {
            throw new ArgumentException("The focal lengths must be positive.");
        }

        (Fx, Fy, Cx, Cy, Centre) = (fx, fy, cx, cy, centre);
        _rotation = rotation.ToArray();
    }

    /// <summary>Focal length along x, pixels.</summary>
    public double Fx { get; }

    /// <summary>Focal length along y, pixels.</summary>
    public double Fy { get; }

    /// <summary>Principal point x, pixels.</summary>
    public double Cx { get; }

    /// <summary>Principal point y, pixels.</summary>
    public double Cy { get; }

    /// <summary>The camera centre in the world.</summary>
    public WorldPoint Centre { get; }

    /// <summary>
    /// A camera at <paramref name="centre"/> looking along the heading <paramref name="yawRadians"/> (0 = +X, counter-clockwise
    /// towards +Y), tilted down by <paramref name="pitchDownRadians"/>, image x to the right and y down.
    /// </summary>
    public static PinholeCamera LookingAt(double fx, double fy, double cx, double cy, WorldPoint centre, double yawRadians, double pitchDownRadians)
    {
        // Camera axes in world coordinates: z forward (heading tilted down), x right, y = z cross x (down in the image).
        var (cyaw, syaw, cp, sp) = (Math.Cos(yawRadians), Math.Sin(yawRadians), Math.Cos(pitchDownRadians), Math.Sin(pitchDownRadians));
        double[] forward = [cyaw * cp, syaw * cp, -sp];
        double[] right = [syaw, -cyaw, 0];
        double[] down = [(forward[1] * right[2]) - (forward[2] * right[1]), (forward[2] * right[0]) - (forward[0] * right[2]), (forward[0] * right[1]) - (forward[1] * right[0])];
        return new PinholeCamera(fx, fy, cx, cy, [.. right, .. down, .. forward], centre);
    }

    /// <summary>Element (<paramref name="row"/>, <paramref name="column"/>) of the world-to-camera rotation.</summary>
    public double Rotation(int row, int column) => _rotation[(row * 3) + column];

    /// <summary>Projects a world point; <paramref name="depth"/> is its Z in camera coordinates (positive in front).</summary>
    public PlanePoint Project(WorldPoint point, out double depth)
    {
        var (dx, dy, dz) = (point.X - Centre.X, point.Y - Centre.Y, point.Z - Centre.Z);
        var xc = (_rotation[0] * dx) + (_rotation[1] * dy) + (_rotation[2] * dz);
        var yc = (_rotation[3] * dx) + (_rotation[4] * dy) + (_rotation[5] * dz);
        depth = (_rotation[6] * dx) + (_rotation[7] * dy) + (_rotation[8] * dz);
        return new PlanePoint((Fx * xc / depth) + Cx, (Fy * yc / depth) + Cy);
    }

    /// <summary>The homography from the floor plane (Z = 0, metres) to the image: K [r1 r2 -R C].</summary>
    public Homography FloorToImage()
    {
        var r = _rotation;
        var t0 = -((r[0] * Centre.X) + (r[1] * Centre.Y) + (r[2] * Centre.Z));
        var t1 = -((r[3] * Centre.X) + (r[4] * Centre.Y) + (r[5] * Centre.Z));
        var t2 = -((r[6] * Centre.X) + (r[7] * Centre.Y) + (r[8] * Centre.Z));
        return new Homography(
        [
            (Fx * r[0]) + (Cx * r[6]), (Fx * r[1]) + (Cx * r[7]), (Fx * t0) + (Cx * t2),
            (Fy * r[3]) + (Cy * r[6]), (Fy * r[4]) + (Cy * r[7]), (Fy * t1) + (Cy * t2),
            r[6], r[7], t2,
        ]);
    }

    /// <summary>The homography from the image to the floor plan (the inverse of <see cref="FloorToImage"/>).</summary>
    public Homography ImageToFloor() => FloorToImage().Inverse();
}
