using System.Globalization;

namespace PoseCluster.ModelTools.Verification;

/// <summary>How far one model's outputs are from a reference model's over a set of samples, per output.</summary>
public sealed class OutputComparison
{
    private readonly double[] _signal;
    private readonly double[] _noise;
    private readonly float[] _maxAbs;

    /// <summary>Creates a comparison of outputs named <paramref name="outputs"/>.</summary>
    public OutputComparison(IReadOnlyList<string> outputs)
    {
        Outputs = outputs;
        _signal = new double[outputs.Count];
        _noise = new double[outputs.Count];
        _maxAbs = new float[outputs.Count];
    }

    /// <summary>Output names.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Adds one sample's outputs (reference first).</summary>
    public void Add(IReadOnlyList<float[]> reference, IReadOnlyList<float[]> candidate)
    {
        for (var o = 0; o < Outputs.Count; o++)
        {
            var r = reference[o];
            var c = candidate[o];
            if (r.Length != c.Length)
            {
                throw new InvalidDataException($"Output '{Outputs[o]}' has {c.Length} values, the reference {r.Length}.");
            }

            for (var i = 0; i < r.Length; i++)
            {
                var d = (double)r[i] - c[i];
                _signal[o] += (double)r[i] * r[i];
                _noise[o] += d * d;
                _maxAbs[o] = MathF.Max(_maxAbs[o], MathF.Abs((float)d));
            }
        }
    }

    /// <summary>Signal-to-quantisation-noise ratio of output <paramref name="o"/> in dB (capped at 120 for identical outputs).</summary>
    public double Sqnr(int o) => _noise[o] <= 0 ? 120 : Math.Min(120, 10 * Math.Log10(Math.Max(_signal[o], 1e-30) / _noise[o]));

    /// <summary>Largest absolute difference of output <paramref name="o"/>.</summary>
    public float MaxAbsDifference(int o) => _maxAbs[o];

    /// <summary>Mean SQNR over the outputs: the score the auto method maximises.</summary>
    public double MeanSqnr => Enumerable.Range(0, Outputs.Count).Average(Sqnr);

    /// <inheritdoc />
    public override string ToString() => string.Join(
        "; ",
        Enumerable.Range(0, Outputs.Count).Select(o => string.Create(CultureInfo.InvariantCulture, $"{Outputs[o]}: SQNR {Sqnr(o):F1} dB, max |d| {MaxAbsDifference(o):G3}")));
}
