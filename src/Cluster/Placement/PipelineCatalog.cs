namespace PoseCluster.Cluster.Placement;

/// <summary>A fixed <see cref="IPipelineCatalog"/> built from a list of requirements.</summary>
public sealed class PipelineCatalog : IPipelineCatalog
{
    /// <summary>The name of the pipeline that lets the node choose; it needs no particular model.</summary>
    public const string Auto = "auto";

    private readonly Dictionary<string, PipelineRequirement> _byName;

    /// <summary>
    /// Creates the catalog. When <paramref name="requirements"/> has no <c>auto</c> entry, one with no models and
    /// weight <paramref name="autoWeight"/> is added.
    /// </summary>
    public PipelineCatalog(IEnumerable<PipelineRequirement> requirements, double autoWeight = 1.0)
    {
        _byName = new Dictionary<string, PipelineRequirement>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in requirements)
        {
            if (!double.IsFinite(r.CostWeight) || r.CostWeight <= 0)
            {
                throw new ArgumentException($"Pipeline '{r.Name}' needs a positive cost weight (was {r.CostWeight}).");
            }

            _byName[r.Name] = r;
        }

        _byName.TryAdd(Auto, new PipelineRequirement(Auto, [], autoWeight));
    }

    /// <inheritdoc />
    public PipelineRequirement? Resolve(string pipeline) => _byName.GetValueOrDefault(pipeline);
}
