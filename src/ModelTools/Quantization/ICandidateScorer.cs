using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>Scores a quantised candidate model for the auto method (higher is better).</summary>
public interface ICandidateScorer
{
    /// <summary>What the score measures, for reports (e.g. <c>pipeline AP vs fp32 on held-out frames</c>).</summary>
    string Metric { get; }

    /// <summary>The score of <paramref name="candidate"/>.</summary>
    double Score(OnnxModel candidate);
}
