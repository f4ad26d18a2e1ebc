using PoseCluster.Grains.Dispatch;

namespace PoseCluster.Silo.Tests.Grains;

public sealed class PeerSelectionTests
{
    [Fact]
    public void Power_of_two_choices_takes_the_less_busy_of_two_random_peers_and_never_the_busiest_of_three()
    {
        var policy = PeerSelectionPolicies.Create("power-of-two-choices");
        var idle = Peer("idle");
        var busy = Peer("busy", inFlight: 5);
        var middle = Peer("middle", inFlight: 2);
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Same(idle, policy.Select([busy, idle])));
        var picks = Enumerable.Range(0, 300).Select(_ => policy.Select([busy, idle, middle])!.Node).ToList();
        Assert.DoesNotContain("busy", picks);
        Assert.Contains("idle", picks);
        Assert.Contains("middle", picks);
        Assert.Null(policy.Select([]));
    }

    [Fact]
    public void A_peer_is_ejected_after_consecutive_failures_and_a_success_resets_the_count()
    {
        var options = new RemoteDispatchOptions { EjectAfterFailures = 3, EjectionDuration = TimeSpan.FromMinutes(1) };
        var peer = Peer("flaky");
        Assert.False(peer.ReportFailure(options));
        Assert.False(peer.ReportFailure(options));
        peer.ReportSuccess();
        Assert.False(peer.ReportFailure(options));
        Assert.False(peer.ReportFailure(options));
        Assert.True(peer.ReportFailure(options));
        Assert.True(peer.IsEjected);
        Assert.Equal(1, peer.Ejections);
        Assert.False(peer.ReportFailure(options));
    }

    [Fact]
    public void A_peer_takes_no_more_than_its_in_flight_limit()
    {
        var peer = Peer("p");
        Assert.True(peer.TryAcquire(2));
        Assert.True(peer.TryAcquire(2));
        Assert.False(peer.TryAcquire(2));
        peer.Release();
        Assert.True(peer.TryAcquire(2));
    }

    [Fact]
    public void Unknown_policies_are_refused_with_the_list_of_names()
    {
        var e = Assert.Throws<ArgumentException>(() => PeerSelectionPolicies.Create("fastest"));
        Assert.Contains("power-of-two-choices", e.Message, StringComparison.Ordinal);
    }

    private static InferencePeer Peer(string name, int inFlight = 0)
    {
        var peer = new InferencePeer(Guid.NewGuid(), name, "http://127.0.0.1:1", new HashSet<string>());
        for (var i = 0; i < inFlight; i++)
        {
            peer.TryAcquire(int.MaxValue);
        }

        return peer;
    }
}
