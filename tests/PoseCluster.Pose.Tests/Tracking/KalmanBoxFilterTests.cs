using PoseCluster.Pose.Tracking;

namespace PoseCluster.Pose.Tests.Tracking;

/// <summary>The block-diagonal Kalman filter equals ByteTrack's full 8 x 8 filter (re-implemented here with plain matrices).</summary>
public sealed class KalmanBoxFilterTests
{
    [Fact]
    public void Predict_and_update_equal_bytetracks_full_matrix_filter()
    {
        var boxes = new[]
        {
            new BoundingBox(100, 200, 160, 380), new BoundingBox(104, 201, 165, 383), new BoundingBox(109, 203, 169, 384),
            new BoundingBox(115, 202, 176, 386), new BoundingBox(119, 205, 181, 389), new BoundingBox(126, 206, 186, 391),
        };
        var filter = default(KalmanBoxFilter);
        filter.Initiate(boxes[0]);
        var reference = new ReferenceKalman(boxes[0]);
        for (var i = 1; i < boxes.Length; i++)
        {
            filter.Predict();
            reference.Predict();
            Compare(filter, reference);
            if (i != 3)
            {
                // Frame 3 is a miss: predict only.
                filter.Update(boxes[i]);
                reference.Update(boxes[i]);
                Compare(filter, reference);
            }
        }
    }

    [Fact]
    public void Velocity_converges_to_a_constant_motion()
    {
        var filter = default(KalmanBoxFilter);
        filter.Initiate(new BoundingBox(0, 0, 50, 150));
        for (var t = 1; t <= 40; t++)
        {
            filter.Predict();
            filter.Update(new BoundingBox(3 * t, 2 * t, 50 + (3 * t), 150 + (2 * t)));
        }

        Assert.Equal(3.0, filter.Mean(4), 1);
        Assert.Equal(2.0, filter.Mean(5), 1);
        filter.Predict();
        var predicted = filter.Box;
        Assert.Equal(3 * 41, predicted.X1, 1.0);
        Assert.Equal(2 * 41, predicted.Y1, 1.0);
        Assert.Equal(150, predicted.Height, 1.0);
    }

    private static void Compare(KalmanBoxFilter filter, ReferenceKalman reference)
    {
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(reference.Mean[i], filter.Mean(i), Math.Max(1e-3, Math.Abs(reference.Mean[i]) * 1e-5));
            for (var j = 0; j < 8; j++)
            {
                Assert.Equal(reference.Covariance[i, j], filter.Covariance(i, j), Math.Max(1e-4, Math.Abs(reference.Covariance[i, j]) * 1e-4));
            }
        }
    }

    /// <summary>ByteTrack's kalman_filter.py, line for line, with dense matrices.</summary>
    private sealed class ReferenceKalman
    {
        private const double Wp = 1.0 / 20;
        private const double Wv = 1.0 / 160;

        public ReferenceKalman(BoundingBox box)
        {
            var m = Measure(box);
            Mean = [m[0], m[1], m[2], m[3], 0, 0, 0, 0];
            double[] std = [2 * Wp * m[3], 2 * Wp * m[3], 1e-2, 2 * Wp * m[3], 10 * Wv * m[3], 10 * Wv * m[3], 1e-5, 10 * Wv * m[3]];
            Covariance = new double[8, 8];
            for (var i = 0; i < 8; i++)
            {
                Covariance[i, i] = std[i] * std[i];
            }
        }

        public double[] Mean { get; private set; }

        public double[,] Covariance { get; private set; }

        public void Predict()
        {
            var h = Mean[3];
            double[] std = [Wp * h, Wp * h, 1e-2, Wp * h, Wv * h, Wv * h, 1e-5, Wv * h];
            var f = Identity(8);
            for (var i = 0; i < 4; i++)
            {
                f[i, i + 4] = 1;
            }

            Mean = Multiply(f, Mean);
            var p = Multiply(Multiply(f, Covariance), Transpose(f));
            for (var i = 0; i < 8; i++)
            {
                p[i, i] += std[i] * std[i];
            }

            Covariance = p;
        }

        public void Update(BoundingBox box)
        {
            var z = Measure(box);
            var h = Mean[3];
            double[] std = [Wp * h, Wp * h, 1e-1, Wp * h];
            var hm = new double[4, 8];
            for (var i = 0; i < 4; i++)
            {
                hm[i, i] = 1;
            }

            var s = Multiply(Multiply(hm, Covariance), Transpose(hm));
            for (var i = 0; i < 4; i++)
            {
                s[i, i] += std[i] * std[i];
            }

            var k = Multiply(Multiply(Covariance, Transpose(hm)), Inverse(s));
            var projected = Multiply(hm, Mean);
            var innovation = new double[4];
            for (var i = 0; i < 4; i++)
            {
                innovation[i] = z[i] - projected[i];
            }

            var correction = Multiply(k, innovation);
            for (var i = 0; i < 8; i++)
            {
                Mean[i] += correction[i];
            }

            var kskt = Multiply(Multiply(k, s), Transpose(k));
            for (var i = 0; i < 8; i++)
            {
                for (var j = 0; j < 8; j++)
                {
                    Covariance[i, j] -= kskt[i, j];
                }
            }
        }

        private static double[] Measure(BoundingBox b) => [b.CenterX, b.CenterY, b.Width / b.Height, b.Height];

        private static double[,] Identity(int n)
        {
            var m = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                m[i, i] = 1;
            }

            return m;
        }

        private static double[,] Transpose(double[,] a)
        {
            var t = new double[a.GetLength(1), a.GetLength(0)];
            for (var i = 0; i < a.GetLength(0); i++)
            {
                for (var j = 0; j < a.GetLength(1); j++)
                {
                    t[j, i] = a[i, j];
                }
            }

            return t;
        }

        private static double[,] Multiply(double[,] a, double[,] b)
        {
            var r = new double[a.GetLength(0), b.GetLength(1)];
            for (var i = 0; i < a.GetLength(0); i++)
            {
                for (var j = 0; j < b.GetLength(1); j++)
                {
                    for (var k = 0; k < a.GetLength(1); k++)
                    {
                        r[i, j] += a[i, k] * b[k, j];
                    }
                }
            }

            return r;
        }

        private static double[] Multiply(double[,] a, double[] v)
        {
            var r = new double[a.GetLength(0)];
            for (var i = 0; i < a.GetLength(0); i++)
            {
                for (var k = 0; k < v.Length; k++)
                {
                    r[i] += a[i, k] * v[k];
                }
            }

            return r;
        }

        private static double[,] Inverse(double[,] a)
        {
            var n = a.GetLength(0);
            var m = (double[,])a.Clone();
            var inv = Identity(n);
            for (var c = 0; c < n; c++)
            {
                var pivot = m[c, c];
                for (var j = 0; j < n; j++)
                {
                    m[c, j] /= pivot;
                    inv[c, j] /= pivot;
                }

                for (var r = 0; r < n; r++)
                {
                    if (r == c)
                    {
                        continue;
                    }

                    var f = m[r, c];
                    for (var j = 0; j < n; j++)
                    {
                        m[r, j] -= f * m[c, j];
                        inv[r, j] -= f * inv[c, j];
                    }
                }
            }

            return inv;
        }
    }
}
