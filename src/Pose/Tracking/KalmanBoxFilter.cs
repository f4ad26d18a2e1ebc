namespace PoseCluster.Pose.Tracking;

/// <summary>
/// ByteTrack's Kalman filter on a box: state (x, y, a, h, vx, vy, va, vh) with x, y the centre, a = width / height and
/// h the height; constant velocity; process and measurement noise proportional to the height (1/20 for positions,
/// 1/160 for velocities). The motion matrix only couples each coordinate with its own velocity, the measurement only
/// reads positions and every noise is diagonal, so the 8 x 8 covariance stays block-diagonal for ever: it is kept as
/// four 2 x 2 blocks, which gives exactly ByteTrack's numbers at a fraction of the cost and no allocation.
/// </summary>
internal struct KalmanBoxFilter
{
    private const float PositionWeight = 1f / 20f;
    private const float VelocityWeight = 1f / 160f;

    // Per coordinate (x, y, a, h): position, velocity and the 2 x 2 covariance [pp pv; pv vv].
    private Vector4Block _position;
    private Vector4Block _velocity;
    private Vector4Block _pp;
    private Vector4Block _pv;
    private Vector4Block _vv;

    /// <summary>Starts the filter at <paramref name="box"/> with zero velocity (ByteTrack's <c>initiate</c>).</summary>
    public void Initiate(in BoundingBox box)
    {
        var m = ToMeasurement(box);
        var h = m[3];
        _position = m;
        _velocity = default;
        for (var i = 0; i < 4; i++)
        {
            var sp = i == 2 ? 1e-2f : 2f * PositionWeight * h;
            var sv = i == 2 ? 1e-5f : 10f * VelocityWeight * h;
            _pp[i] = sp * sp;
            _pv[i] = 0f;
            _vv[i] = sv * sv;
        }
    }

    /// <summary>One constant-velocity step (ByteTrack's <c>predict</c>).</summary>
    public void Predict()
    {
        var h = _position[3];
        for (var i = 0; i < 4; i++)
        {
            var qp = i == 2 ? 1e-2f : PositionWeight * h;
            var qv = i == 2 ? 1e-5f : VelocityWeight * h;
            _position[i] += _velocity[i];
            var pp = _pp[i] + (2f * _pv[i]) + _vv[i];
            var pv = _pv[i] + _vv[i];
            _pp[i] = pp + (qp * qp);
            _pv[i] = pv;
            _vv[i] += qv * qv;
        }
    }

    /// <summary>Corrects the state with the measured <paramref name="box"/> (ByteTrack's <c>update</c>).</summary>
    public void Update(in BoundingBox box)
    {
        var z = ToMeasurement(box);
        var h = _position[3];
        for (var i = 0; i < 4; i++)
        {
            var r = i == 2 ? 1e-1f : PositionWeight * h;
            var s = _pp[i] + (r * r);
            var kp = _pp[i] / s;
            var kv = _pv[i] / s;
            var innovation = z[i] - _position[i];
            _position[i] += kp * innovation;
            _velocity[i] += kv * innovation;
            var pp = _pp[i] - (kp * _pp[i]);
            var pv = _pv[i] - (kp * _pv[i]);
            var vv = _vv[i] - (kv * _pv[i]);
            _pp[i] = pp;
            _pv[i] = pv;
            _vv[i] = vv;
        }
    }

    /// <summary>Stops the height from changing while the track is lost (ByteTrack zeroes vh before predicting a lost track).</summary>
    public void FreezeHeight() => _velocity[3] = 0f;

    /// <summary>The current box estimate.</summary>
    public readonly BoundingBox Box
    {
        get
        {
            var h = _position[3];
            var w = _position[2] * h;
            return new BoundingBox(_position[0] - (w / 2f), _position[1] - (h / 2f), _position[0] + (w / 2f), _position[1] + (h / 2f));
        }
    }

    /// <summary>Element <paramref name="index"/> (0..7) of the mean (x, y, a, h, vx, vy, va, vh).</summary>
    public readonly float Mean(int index) => index < 4 ? _position[index] : _velocity[index - 4];

    /// <summary>Element (<paramref name="row"/>, <paramref name="column"/>) of the 8 x 8 covariance (zero off the blocks).</summary>
    public readonly float Covariance(int row, int column)
    {
        var i = row % 4;
        if (i != column % 4)
        {
            return 0f;
        }

        return (row < 4, column < 4) switch
        {
            (true, true) => _pp[i],
            (false, false) => _vv[i],
            _ => _pv[i],
        };
    }

    private static Vector4Block ToMeasurement(in BoundingBox box)
    {
        var h = MathF.Max(box.Y2 - box.Y1, 1e-3f);
        var m = default(Vector4Block);
        m[0] = box.CenterX;
        m[1] = box.CenterY;
        m[2] = (box.X2 - box.X1) / h;
        m[3] = h;
        return m;
    }

    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct Vector4Block
    {
        private float _element0;
    }
}
