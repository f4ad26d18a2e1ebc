namespace PoseCluster.Pose.Geometry;

/// <summary>
/// Estimates a <see cref="Homography"/> from four or more point pairs: the normalised direct linear transform (Hartley:
/// each point set moved to its centroid and scaled to a mean distance of sqrt 2, the null vector of the 2N x 9 system
/// taken from the 9 x 9 normal matrix by Jacobi eigen-decomposition), then optional Levenberg-Marquardt refinement of
/// the transfer error. Degenerate input (fewer than four pairs, collinear points, a configuration that fixes no single
/// homography) is refused with an <see cref="ArgumentException"/> that says which.
/// </summary>
public static class HomographyEstimator
{
    /// <summary>Estimates the homography that maps each pair's source point to its destination point.</summary>
    public static Homography Estimate(ReadOnlySpan<PointCorrespondence> pairs, HomographyEstimationOptions? options = null)
    {
        options ??= new HomographyEstimationOptions();
        options.Validate();
        if (!options.MinimiseSourceError || !options.Refine)
        {
            return EstimateCore(pairs, options);
        }

        // Fit the inverse map, whose destination error is the source error, and invert it.
        var swapped = new PointCorrespondence[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            swapped[i] = new PointCorrespondence(pairs[i].Destination, pairs[i].Source);
        }

        return EstimateCore(swapped, options).Inverse();
    }

    private static Homography EstimateCore(ReadOnlySpan<PointCorrespondence> pairs, HomographyEstimationOptions options)
    {
        if (pairs.Length < 4)
        {
            throw new ArgumentException($"A homography needs at least 4 point pairs (got {pairs.Length}).", nameof(pairs));
        }

        var n = pairs.Length;
        var source = new PlanePoint[n];
        var destination = new PlanePoint[n];
        for (var i = 0; i < n; i++)
        {
            source[i] = pairs[i].Source;
            destination[i] = pairs[i].Destination;
            if (!double.IsFinite(source[i].X) || !double.IsFinite(source[i].Y) || !double.IsFinite(destination[i].X) || !double.IsFinite(destination[i].Y))
            {
                throw new ArgumentException($"Point pair {i} has a coordinate that is not a finite number.", nameof(pairs));
            }
        }

        RequireNotCollinear(source, "source", options.CollinearityTolerance);
        RequireNotCollinear(destination, "destination", options.CollinearityTolerance);

        var (sourceScale, sourceCx, sourceCy) = Normalisation(source);
        var (destinationScale, destinationCx, destinationCy) = Normalisation(destination);
        var s = new PlanePoint[n];
        var d = new PlanePoint[n];
        for (var i = 0; i < n; i++)
        {
            s[i] = new PlanePoint((source[i].X - sourceCx) * sourceScale, (source[i].Y - sourceCy) * sourceScale);
            d[i] = new PlanePoint((destination[i].X - destinationCx) * destinationScale, (destination[i].Y - destinationCy) * destinationScale);
        }

        // Normal matrix A^T A of the DLT rows [-x -y -1 0 0 0 ux uy u] and [0 0 0 -x -y -1 vx vy v].
        var ata = new double[81];
        Span<double> row = stackalloc double[9];
        for (var i = 0; i < n; i++)
        {
            var (x, y, u, v) = (s[i].X, s[i].Y, d[i].X, d[i].Y);
            row.Clear();
            (row[0], row[1], row[2], row[6], row[7], row[8]) = (-x, -y, -1, u * x, u * y, u);
            AddOuter(ata, row);
            row.Clear();
            (row[3], row[4], row[5], row[6], row[7], row[8]) = (-x, -y, -1, v * x, v * y, v);
            AddOuter(ata, row);
        }

        var eigenvalues = new double[9];
        var eigenvectors = new double[81];
        SymmetricEigen(ata, eigenvalues, eigenvectors);
        var order = Enumerable.Range(0, 9).OrderBy(i => eigenvalues[i]).ToArray();
        var largest = Math.Max(eigenvalues[order[8]], 1e-300);
        if (eigenvalues[order[1]] / largest < 1e-14)
        {
            throw new ArgumentException(
                "The point pairs do not determine a single homography (degenerate configuration, e.g. three of four points on a line, or all points but one).",
                nameof(pairs));
        }

        var h = new double[9];
        for (var k = 0; k < 9; k++)
        {
            h[k] = eigenvectors[(k * 9) + order[0]];
        }

        if (Math.Abs(h[8]) > 1e-12)
        {
            var inv = 1.0 / h[8];
            for (var k = 0; k < 9; k++)
            {
                h[k] *= inv;
            }

            if (options.Refine && n > 4)
            {
                Refine(h, s, d, options.MaxIterations);
            }
        }

        // Undo the normalisations: H = Td^-1 Hn Ts.
        var ts = new Homography([sourceScale, 0, -sourceScale * sourceCx, 0, sourceScale, -sourceScale * sourceCy, 0, 0, 1]);
        var tdInverse = new Homography([1 / destinationScale, 0, destinationCx, 0, 1 / destinationScale, destinationCy, 0, 0, 1]);
        Homography normalised;
        try
        {
            normalised = new Homography(h);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("The point pairs give a singular map (degenerate configuration).", nameof(pairs), e);
        }

        return Homography.Then(Homography.Then(ts, normalised), tdInverse);
    }

    /// <summary>The root-mean-square distance between each pair's mapped source point and its destination point.</summary>
    public static double RootMeanSquareError(Homography homography, ReadOnlySpan<PointCorrespondence> pairs)
    {
        if (pairs.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var p in pairs)
        {
            var m = homography.Map(p.Source);
            var dx = m.X - p.Destination.X;
            var dy = m.Y - p.Destination.Y;
            sum += (dx * dx) + (dy * dy);
        }

        return Math.Sqrt(sum / pairs.Length);
    }

    private static void RequireNotCollinear(PlanePoint[] points, string plane, double tolerance)
    {
        // All points: the thinner principal axis of their spread against the wider one.
        double mx = 0, my = 0;
        foreach (var p in points)
        {
            mx += p.X;
            my += p.Y;
        }

        mx /= points.Length;
        my /= points.Length;
        double sxx = 0, syy = 0, sxy = 0;
        foreach (var p in points)
        {
            var (dx, dy) = (p.X - mx, p.Y - my);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }

        var trace = sxx + syy;
        var root = Math.Sqrt((((sxx - syy) * (sxx - syy)) / 4) + (sxy * sxy));
        var major = (trace / 2) + root;
        var minor = Math.Max(0, (trace / 2) - root);
        if (major <= 0)
        {
            throw new ArgumentException($"The {plane} points all coincide.");
        }

        if (Math.Sqrt(minor / major) < tolerance)
        {
            throw new ArgumentException($"The {plane} points are collinear: a homography needs four points with no three on a line.");
        }

        if (points.Length != 4)
        {
            return;
        }

        for (var a = 0; a < 4; a++)
        {
            for (var b = a + 1; b < 4; b++)
            {
                for (var c = b + 1; c < 4; c++)
                {
                    var (abx, aby) = (points[b].X - points[a].X, points[b].Y - points[a].Y);
                    var (acx, acy) = (points[c].X - points[a].X, points[c].Y - points[a].Y);
                    var cross = Math.Abs((abx * acy) - (aby * acx));
                    var extent = Math.Max((abx * abx) + (aby * aby), (acx * acx) + (acy * acy));
                    if (extent == 0 || cross / extent < tolerance)
                    {
                        throw new ArgumentException(
                            $"Three of the four {plane} points ({a}, {b}, {c}) are collinear or coincide: a homography needs four points with no three on a line.");
                    }
                }
            }
        }
    }

    private static (double Scale, double Cx, double Cy) Normalisation(PlanePoint[] points)
    {
        double cx = 0, cy = 0;
        foreach (var p in points)
        {
            cx += p.X;
            cy += p.Y;
        }

        cx /= points.Length;
        cy /= points.Length;
        var mean = 0.0;
        foreach (var p in points)
        {
            mean += Math.Sqrt(((p.X - cx) * (p.X - cx)) + ((p.Y - cy) * (p.Y - cy)));
        }

        mean /= points.Length;
        return (Math.Sqrt(2) / mean, cx, cy);
    }

    private static void AddOuter(double[] matrix, ReadOnlySpan<double> row)
    {
        for (var i = 0; i < 9; i++)
        {
            if (row[i] == 0)
            {
                continue;
            }

            for (var j = 0; j < 9; j++)
            {
                matrix[(i * 9) + j] += row[i] * row[j];
            }
        }
    }

    /// <summary>Cyclic Jacobi eigen-decomposition of a symmetric 9 x 9 matrix; eigenvectors are the columns.</summary>
    private static void SymmetricEigen(double[] matrix, double[] values, double[] vectors)
    {
        const int N = 9;
        var a = (double[])matrix.Clone();
        Array.Clear(vectors);
        for (var i = 0; i < N; i++)
        {
            vectors[(i * N) + i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < N; p++)
            {
                for (var q = p + 1; q < N; q++)
                {
                    off += a[(p * N) + q] * a[(p * N) + q];
                }
            }

            if (off < 1e-30)
            {
                break;
            }

            for (var p = 0; p < N; p++)
            {
                for (var q = p + 1; q < N; q++)
                {
                    var apq = a[(p * N) + q];
                    if (Math.Abs(apq) < 1e-300)
                    {
                        continue;
                    }

                    var theta = (a[(q * N) + q] - a[(p * N) + p]) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < N; k++)
                    {
                        var akp = a[(k * N) + p];
                        var akq = a[(k * N) + q];
                        a[(k * N) + p] = (c * akp) - (s * akq);
                        a[(k * N) + q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < N; k++)
                    {
                        var apk = a[(p * N) + k];
                        var aqk = a[(q * N) + k];
                        a[(p * N) + k] = (c * apk) - (s * aqk);
                        a[(q * N) + k] = (s * apk) + (c * aqk);
                    }

                    for (var k = 0; k < N; k++)
                    {
                        var vkp = vectors[(k * N) + p];
                        var vkq = vectors[(k * N) + q];
                        vectors[(k * N) + p] = (c * vkp) - (s * vkq);
                        vectors[(k * N) + q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        for (var i = 0; i < N; i++)
        {
            values[i] = a[(i * N) + i];
        }
    }

    /// <summary>Levenberg-Marquardt on h0..h7 (h8 = 1) minimising the squared transfer error in the destination plane.</summary>
    private static void Refine(double[] h, PlanePoint[] source, PlanePoint[] destination, int maxIterations)
    {
        var lambda = 1e-3;
        var cost = TransferCost(h, source, destination);
        var jtj = new double[64];
        var jtr = new double[8];
        var trial = new double[9];
        var step = new double[8];
        Span<double> ju = stackalloc double[8];
        Span<double> jv = stackalloc double[8];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(jtj);
            Array.Clear(jtr);
            for (var i = 0; i < source.Length; i++)
            {
                var (x, y) = (source[i].X, source[i].Y);
                var w = (h[6] * x) + (h[7] * y) + 1;
                var u = ((h[0] * x) + (h[1] * y) + h[2]) / w;
                var v = ((h[3] * x) + (h[4] * y) + h[5]) / w;
                ju.Clear();
                jv.Clear();
                (ju[0], ju[1], ju[2], ju[6], ju[7]) = (x / w, y / w, 1 / w, -u * x / w, -u * y / w);
                (jv[3], jv[4], jv[5], jv[6], jv[7]) = (x / w, y / w, 1 / w, -v * x / w, -v * y / w);
                var (ru, rv) = (u - destination[i].X, v - destination[i].Y);
                for (var a = 0; a < 8; a++)
                {
                    jtr[a] += (ju[a] * ru) + (jv[a] * rv);
                    for (var b = 0; b < 8; b++)
                    {
                        jtj[(a * 8) + b] += (ju[a] * ju[b]) + (jv[a] * jv[b]);
                    }
                }
            }

            var improved = false;
            for (var attempt = 0; attempt < 10 && !improved; attempt++)
            {
                var system = (double[])jtj.Clone();
                for (var a = 0; a < 8; a++)
                {
                    system[(a * 8) + a] *= 1 + lambda;
                    step[a] = -jtr[a];
                }

                if (!SolveLinear(system, step, 8))
                {
                    lambda *= 10;
                    continue;
                }

                for (var a = 0; a < 8; a++)
                {
                    trial[a] = h[a] + step[a];
                }

                trial[8] = 1;
                var trialCost = TransferCost(trial, source, destination);
                if (trialCost < cost)
                {
                    var relative = (cost - trialCost) / Math.Max(cost, 1e-300);
                    Array.Copy(trial, h, 9);
                    cost = trialCost;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = true;
                    if (relative < 1e-12)
                    {
                        return;
                    }
                }
                else
                {
                    lambda *= 10;
                }
            }

            if (!improved)
            {
                return;
            }
        }
    }

    private static double TransferCost(double[] h, PlanePoint[] source, PlanePoint[] destination)
    {
        var sum = 0.0;
        for (var i = 0; i < source.Length; i++)
        {
            var (x, y) = (source[i].X, source[i].Y);
            var w = (h[6] * x) + (h[7] * y) + h[8];
            var du = (((h[0] * x) + (h[1] * y) + h[2]) / w) - destination[i].X;
            var dv = (((h[3] * x) + (h[4] * y) + h[5]) / w) - destination[i].Y;
            sum += (du * du) + (dv * dv);
        }

        return double.IsFinite(sum) ? sum : double.PositiveInfinity;
    }

    /// <summary>Gaussian elimination with partial pivoting; the solution replaces <paramref name="rhs"/>.</summary>
    private static bool SolveLinear(double[] a, double[] rhs, int n)
    {
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[(r * n) + col]) > Math.Abs(a[(pivot * n) + col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[(pivot * n) + col]) < 1e-300)
            {
                return false;
            }

            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (a[(col * n) + k], a[(pivot * n) + k]) = (a[(pivot * n) + k], a[(col * n) + k]);
                }

                (rhs[col], rhs[pivot]) = (rhs[pivot], rhs[col]);
            }

            for (var r = col + 1; r < n; r++)
            {
                var f = a[(r * n) + col] / a[(col * n) + col];
                for (var k = col; k < n; k++)
                {
                    a[(r * n) + k] -= f * a[(col * n) + k];
                }

                rhs[r] -= f * rhs[col];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            var sum = rhs[r];
            for (var k = r + 1; k < n; k++)
            {
                sum -= a[(r * n) + k] * rhs[k];
            }

            rhs[r] = sum / a[(r * n) + r];
        }

        return true;
    }
}
