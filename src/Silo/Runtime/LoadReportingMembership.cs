using PoseCluster.Cluster.Membership;

namespace PoseCluster.Silo.Runtime;

/// <summary>
/// The membership the grain host sees: the agent's, with the node's measured work (inference frames per second x
/// pipeline weight) added to each load report, so heartbeats carry real load next to the grain count.
/// </summary>
internal sealed class LoadReportingMembership : ISiloMembership
{
    private readonly ISiloMembership _inner;
    private readonly Func<double> _workUnitsPerSecond;

    public LoadReportingMembership(ISiloMembership inner, Func<double> workUnitsPerSecond)
    {
        _inner = inner;
        _workUnitsPerSecond = workUnitsPerSecond;
    }

    public Guid SiloId => _inner.SiloId;

    public string NodeName => _inner.NodeName;

    public MembershipState State => _inner.State;

    public event EventHandler<MembershipStateChangedEventArgs>? StateChanged
    {
        add => _inner.StateChanged += value;
        remove => _inner.StateChanged -= value;
    }

    public void ReportLoad(SiloLoadReport load) => _inner.ReportLoad(load with { WorkUnitsPerSecond = _workUnitsPerSecond() });
}
