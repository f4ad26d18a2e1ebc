using System.Numerics.Tensors;

namespace PoseCluster.Pose.Nms;

/// <summary>
/// Parallel OKS-NMS (MobilePoseNet), the Matrix-NMS of SOLOv2 with OKS in place of mask IoU. With poses ordered best
/// first and O the strictly upper-triangular OKS matrix (O[i, j], i &lt; j, against the higher-scored pose i):
/// compensate_i = max over k &lt; i of O[k, i]; decay_j = min over i &lt; j of f(O[i, j]) / f(compensate_i) (1 for the
/// best pose); the new score is s_j * decay_j. Poses below <see cref="OksNmsOptions.ScoreThreshold"/> are removed,
/// the rest re-ordered by the new scores and cut to <see cref="OksNmsOptions.MaxPoses"/>. No sequential suppression
/// loop: a column max and a minimum over the matrix's non-zero entries (pairs of poses that overlap at all; see
/// <see cref="OksMatrix"/> for how far-apart pairs are skipped), so the cost follows the overlapping pairs.
/// </summary>
/// <remarks>
/// Linear decay f(x) = 1 - x makes f(compensate_i) zero when pose i is an exact duplicate (OKS 1) of a better one.
/// As compensate_i approaches 1 the term f(O[i, j]) / f(compensate_i) grows without bound for every O[i, j] &lt; 1, so
/// the row drops out of the minimum; that limit is taken for O[i, j] = 1 as well: a pose that is itself fully
/// suppressed suppresses nothing. The minimum never becomes empty, because row 0 (the best pose, compensate 0,
/// f = 1) bounds every column, which also keeps every decay within [0, 1]. Gaussian decay never reaches zero.
/// </remarks>
internal sealed class ParallelOksNms(OksNmsOptions options) : IPoseNms
{
    private readonly PoseScoreOrder _order = new();
    private readonly OksMatrix _matrix = new();
    private float[] _compensate = [];
    private float[] _compensateDecay = [];
    private float[] _decay = [];

    private readonly OksNmsOptions _options = options;

    public void Apply(PoseFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var persons = frame.Persons;
        var n = persons.Length;
        if (n == 0)
        {
            return;
        }

        _order.SortDescending(persons);
        if (n > 1)
        {
            Decay(persons);
        }

        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            if (persons[i].Score >= _options.ScoreThreshold)
            {
                persons[kept++] = persons[i];
            }
        }

        frame.Truncate(kept);
        _order.SortDescending(frame.Persons);
        frame.Truncate(Math.Min(kept, _options.MaxPoses));
    }

    private void Decay(Span<PersonPose> persons)
    {
        var n = persons.Length;
        EnsureCapacity(n);
        _matrix.Compute(persons, _options.AreaSource, _options.VisibilityThreshold);

        // Only the matrix's non-zero entries matter: a zero entry adds 0 to a column max, and its decay term
        // f(0) / f(compensate_i) = 1 / f(compensate_i) >= 1 never lowers a decay that starts at 1.
        var entries = _matrix.Entries;

        // compensate = column max of the upper triangle.
        var compensate = _compensate.AsSpan(0, n);
        compensate.Clear();
        foreach (var e in entries)
        {
            compensate[e.Column] = MathF.Max(compensate[e.Column], e.Value);
        }

        var compensateDecay = _compensateDecay.AsSpan(0, n);
        ApplyDecayFunction(compensate, compensateDecay);

        var decay = _decay.AsSpan(0, n);
        decay.Fill(1f);
        foreach (var e in entries)
        {
            var denominator = compensateDecay[e.Row];
            if (!(denominator > 0f))
            {
                continue; // f(compensate_i) = 0: the limit of the ratio is +infinity; see the remarks.
            }

            decay[e.Column] = MathF.Min(decay[e.Column], DecayFunction(e.Value) / denominator);
        }

        for (var j = 0; j < n; j++)
        {
            persons[j].Score *= decay[j];
        }
    }

    private float DecayFunction(float oks) =>
        _options.Decay == OksNmsDecay.Linear ? 1f - oks : MathF.Min(MathF.Exp(oks * oks * -_options.Sigma), 1f);

    private void ApplyDecayFunction(ReadOnlySpan<float> oks, Span<float> destination)
    {
        if (_options.Decay == OksNmsDecay.Linear)
        {
            TensorPrimitives.Subtract(1f, oks, destination);
            return;
        }

        TensorPrimitives.Multiply(oks, oks, destination);
        TensorPrimitives.Multiply(destination, -_options.Sigma, destination);
        TensorPrimitives.Exp(destination, destination);

        // exp(-sigma x^2) <= 1, but the vectorised exp can round 1 up by an ulp; without the clamp f(0) / f(0) pairs
        // would nudge the scores of poses with no overlap at all.
        TensorPrimitives.Min(destination, 1f, destination);
    }

    private void EnsureCapacity(int n)
    {
        if (_decay.Length >= n)
        {
            return;
        }

        var capacity = Math.Max(n, _decay.Length * 2);
        _compensate = new float[capacity];
        _compensateDecay = new float[capacity];
        _decay = new float[capacity];
    }
}
