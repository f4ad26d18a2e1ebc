using PoseCluster.Cluster.Grains;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>A grain that only records when it runs (activation until its epoch token fires).</summary>
public sealed class RecordingGrain : IGrain
{
    private readonly ActivationLog _log;
    private readonly string _silo;
    private ActivationRecord? _record;

    public RecordingGrain(ActivationLog log, string silo)
    {
        _log = log;
        _silo = silo;
    }

    public Task ActivateAsync(GrainActivation activation, CancellationToken cancellationToken)
    {
        var record = _log.Begin(activation, _silo);
        _record = record;
        activation.EpochLost.Register(() => _log.End(record, null));
        return Task.CompletedTask;
    }

    public Task DeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_record is not null)
        {
            _log.End(_record, reason);
        }

        return Task.CompletedTask;
    }
}

public sealed class RecordingGrainFactory : IGrainFactory
{
    private readonly ActivationLog _log;
    private readonly string _silo;

    public RecordingGrainFactory(string grainType, ActivationLog log, string silo)
    {
        GrainType = grainType;
        _log = log;
        _silo = silo;
    }

    public string GrainType { get; }

    public IGrain Create(GrainId id) => new RecordingGrain(_log, _silo);
}
