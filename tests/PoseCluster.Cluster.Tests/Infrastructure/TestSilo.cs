using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>One in-process silo runtime: its own store connections, membership agent and grain host.</summary>
public sealed class TestSilo
{
    private readonly TestStoreProvider _provider;

    internal TestSilo(string name, string applicationName, IClusterStore store, MembershipAgent agent, SiloGrainHost host, TestStoreProvider provider, HeartbeatDelayProxy? network)
    {
        Name = name;
        ApplicationName = applicationName;
        Store = store;
        Agent = agent;
        Host = host;
        _provider = provider;
        Network = network;
    }

    public string Name { get; }

    public string ApplicationName { get; }

    public IClusterStore Store { get; }

    public MembershipAgent Agent { get; }

    public SiloGrainHost Host { get; }

    /// <summary>Heartbeat delay control, when the silo was started with one.</summary>
    public HeartbeatDelayProxy? Network { get; }

    public bool IsRunning { get; private set; } = true;

    public Guid SiloId => Agent.SiloId;

    /// <summary>kill -9: no deregistration, no drain; heartbeats stop and every connection closes abruptly.</summary>
    public async Task KillAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        await Agent.DisposeAsync();
        await Host.DisposeAsync();
        await _provider.TerminateConnectionsAsync(ApplicationName);
        await Store.DisposeAsync();
    }

    /// <summary>Graceful stop: drain, leave, stop grains.</summary>
    public async Task StopGracefullyAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        await Agent.StopAsync(CancellationToken.None);
        await Host.StopAsync(CancellationToken.None);
        IsRunning = false;
        await Agent.DisposeAsync();
        await Store.DisposeAsync();
    }

    public override string ToString() => $"{Name} ({SiloId})";
}
