using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.Tests.Site;

/// <summary>The auto pipeline policy switches with hysteresis and a run of frames.</summary>
public sealed class AdaptivePipelinePolicyTests
{
    [Fact]
    public void Switches_up_and_down_with_hysteresis()
    {
        var policy = new AdaptivePipelinePolicy(new AdaptivePipelinePolicyOptions { SwitchToBottomUpAt = 8, SwitchToTopDownAt = 5, ConsecutiveFrames = 3 });
        Assert.Equal("topdown", policy.Current);
        Assert.Equal("topdown", policy.Decide(9));
        Assert.Equal("topdown", policy.Decide(9));
        Assert.Equal("topdown", policy.Decide(4)); // the run is broken
        Assert.Equal("topdown", policy.Decide(8));
        Assert.Equal("topdown", policy.Decide(10));
        Assert.Equal("bottomup-paf", policy.Decide(12));
        Assert.True(policy.UsesBottomUp);

        // Between the thresholds nothing changes, however long.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("bottomup-paf", policy.Decide(6));
        }

        policy.Decide(5);
        policy.Decide(3);
        Assert.Equal("topdown", policy.Decide(0));
        policy.Reset();
        Assert.False(policy.UsesBottomUp);
    }

    [Fact]
    public void Invalid_thresholds_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new AdaptivePipelinePolicy(new AdaptivePipelinePolicyOptions { SwitchToBottomUpAt = 5, SwitchToTopDownAt = 5 }));
        Assert.Throws<ArgumentException>(() => new AdaptivePipelinePolicy(new AdaptivePipelinePolicyOptions { ConsecutiveFrames = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptivePipelinePolicy().Decide(-1));
    }
}
