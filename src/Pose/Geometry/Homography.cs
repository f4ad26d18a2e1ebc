namespace PoseCluster.Pose.Geometry;

/// <summary>
/// A plane-to-plane projective map (3 x 3, row-major, defined up to scale): a camera's image to the site floor plan,
/// or back. Estimated from point pairs by <see cref="HomographyEstimator"/>.
/// </summary>
public readonly struct Homography
{
    private readonly double _h0, _h1, _h2, _h3, _h4, _h5, _h6, _h7, _h8;

    /// <summary>Creates a homography from its nine row-major elements (scaled so that the last is 1 when it is not 0).</summary>
    public Homography(ReadOnlySpan<double> elements)
    {
        if (elements.Length != 9)
        {
            throw new ArgumentException($"A homography has 9 elements (got {elements.Length}).", nameof(elements));
        }

        foreach (var e in elements)
        {
            if (!double.IsFinite(e))
            {
                throw new ArgumentException("A homography's elements must be finite.", nameof(elements));
            }
        }

        var s = Math.Abs(elements[8]) > 1e-12 ? 1.0 / elements[8] : 1.0 / Norm(elements);
        (_h0, _h1, _h2) = (elements[0] * s, elements[1] * s, elements[2] * s);
        (_h3, _h4, _h5) = (elements[3] * s, elements[4] * s, elements[5] * s);
        (_h6, _h7, _h8) = (elements[6] * s, elements[7] * s, elements[8] * s);
        if (Math.Abs(Determinant) < 1e-300 || !double.IsFinite(Determinant))
        {
            throw new ArgumentException("The homography is singular (it maps the plane onto a line or a point).", nameof(elements));
        }
    }

    /// <summary>The identity map.</summary>
    public static Homography Identity => new([1, 0, 0, 0, 1, 0, 0, 0, 1]);

    /// <summary>Element (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public double this[int row, int column] => (uint)row > 2 || (uint)column > 2 ? throw new ArgumentOutOfRangeException(nameof(row)) : ((row * 3) + column) switch
    {
        0 => _h0, 1 => _h1, 2 => _h2, 3 => _h3, 4 => _h4, 5 => _h5, 6 => _h6, 7 => _h7, 8 => _h8,
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    /// <summary>The determinant of the matrix.</summary>
    public double Determinant =>
        (_h0 * ((_h4 * _h8) - (_h5 * _h7))) - (_h1 * ((_h3 * _h8) - (_h5 * _h6))) + (_h2 * ((_h3 * _h7) - (_h4 * _h6)));

    /// <summary>Maps <paramref name="point"/>; a point on the line sent to infinity (behind a camera's horizon) maps to NaN.</summary>
    public PlanePoint Map(PlanePoint point)
    {
        var w = (_h6 * point.X) + (_h7 * point.Y) + _h8;
        if (Math.Abs(w) < 1e-12)
        {
            return new PlanePoint(double.NaN, double.NaN);
        }

        return new PlanePoint(((_h0 * point.X) + (_h1 * point.Y) + _h2) / w, ((_h3 * point.X) + (_h4 * point.Y) + _h5) / w);
    }

    /// <summary>
    /// The sign of the projective scale w at <paramref name="point"/>: for a camera's floor-to-image map, points in
    /// front of the camera share one sign; an image point above the horizon maps to the floor behind the camera.
    /// </summary>
    public double Scale(PlanePoint point) => (_h6 * point.X) + (_h7 * point.Y) + _h8;

    /// <summary>The inverse map.</summary>
    public Homography Inverse()
    {
        Span<double> inv =
        [
            (_h4 * _h8) - (_h5 * _h7), (_h2 * _h7) - (_h1 * _h8), (_h1 * _h5) - (_h2 * _h4),
            (_h5 * _h6) - (_h3 * _h8), (_h0 * _h8) - (_h2 * _h6), (_h2 * _h3) - (_h0 * _h5),
            (_h3 * _h7) - (_h4 * _h6), (_h1 * _h6) - (_h0 * _h7), (_h0 * _h4) - (_h1 * _h3),
        ];
        return new Homography(inv);
    }

    /// <summary>The map <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static Homography Then(Homography first, Homography second)
    {
        Span<double> r = stackalloc double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                r[(i * 3) + j] = (second[i, 0] * first[0, j]) + (second[i, 1] * first[1, j]) + (second[i, 2] * first[2, j]);
            }
        }

        return new Homography(r);
    }

    /// <summary>Copies the nine row-major elements to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<double> destination)
    {
        if (destination.Length < 9)
        {
            throw new ArgumentException("The destination must hold 9 elements.", nameof(destination));
        }

        (destination[0], destination[1], destination[2]) = (_h0, _h1, _h2);
        (destination[3], destination[4], destination[5]) = (_h3, _h4, _h5);
        (destination[6], destination[7], destination[8]) = (_h6, _h7, _h8);
    }

    private static double Norm(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v * v;
        }

        return sum > 0 ? Math.Sqrt(sum) : 1.0;
    }
}
