using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Tests.Nms;

/// <summary>Factory, options and the no-allocation contract shared by every NMS.</summary>
public sealed class PoseNmsTests
{
    [Theory]
    [InlineData(OksNmsMode.Parallel, typeof(ParallelOksNms))]
    [InlineData(OksNmsMode.Classic, typeof(ClassicOksNms))]
    [InlineData(OksNmsMode.None, typeof(DisabledPoseNms))]
    public void Create_picks_the_mode(OksNmsMode mode, Type expected) =>
        Assert.IsType(expected, IPoseNms.Create(new OksNmsOptions { Mode = mode }));

    [Fact]
    public void Create_copies_the_options()
    {
        var options = new OksNmsOptions { Mode = OksNmsMode.Classic };
        var nms = IPoseNms.Create(options);
        options.Threshold = 0.01f; // would suppress the two distinct people below if it were shared

        var frame = TestPoses.Frame(TestPoses.Person(200, 200, 0.9f), TestPoses.Person(240, 200, 0.8f));
        nms.Apply(frame);

        Assert.Equal(2, frame.Count);
    }

    [Fact]
    public void Defaults_are_documented_values()
    {
        var o = new OksNmsOptions();
        Assert.Equal(OksNmsMode.Parallel, o.Mode);
        Assert.Equal(0.9f, o.Threshold);
        Assert.Equal(OksNmsDecay.Gaussian, o.Decay);
        Assert.Equal(2.0f, o.Sigma);
        Assert.Equal(0.05f, o.ScoreThreshold);
        Assert.Equal(100, o.MaxPoses);
        Assert.Equal(0.2f, o.VisibilityThreshold);
        Assert.Equal(OksAreaSource.Box, o.AreaSource);
        o.Validate();
    }

    public static TheoryData<Action<OksNmsOptions>> InvalidOptions() => new(
    [
        o => o.Threshold = 0f,
        o => o.Threshold = 1.5f,
        o => o.Threshold = float.NaN,
        o => o.Sigma = 0f,
        o => o.Sigma = float.PositiveInfinity,
        o => o.ScoreThreshold = -0.1f,
        o => o.ScoreThreshold = float.NaN,
        o => o.MaxPoses = 0,
        o => o.VisibilityThreshold = float.NaN,
        o => o.Mode = (OksNmsMode)42,
        o => o.Decay = (OksNmsDecay)42,
        o => o.AreaSource = (OksAreaSource)42,
    ]);

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_rejects_invalid_options(Action<OksNmsOptions> spoil)
    {
        var options = new OksNmsOptions();
        spoil(options);
        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Throws<ArgumentException>(() => IPoseNms.Create(options));
    }

    [Fact]
    public void None_leaves_the_frame_untouched()
    {
        var frame = TestPoses.Frame(TestPoses.Person(200, 200, 0.5f), TestPoses.Person(200, 200, 0.9f));
        IPoseNms.Create(new OksNmsOptions { Mode = OksNmsMode.None }).Apply(frame);
        Assert.Equal([0, 1], frame.Persons.ToArray().Select(p => p.TrackId));
        Assert.Equal([0.5f, 0.9f], frame.Persons.ToArray().Select(p => p.Score));
    }

    [Theory]
    [InlineData(OksNmsMode.Parallel, OksNmsDecay.Gaussian)]
    [InlineData(OksNmsMode.Parallel, OksNmsDecay.Linear)]
    [InlineData(OksNmsMode.Classic, OksNmsDecay.Gaussian)]
    public void Steady_state_calls_allocate_nothing(OksNmsMode mode, OksNmsDecay decay)
    {
        var nms = IPoseNms.Create(new OksNmsOptions { Mode = mode, Decay = decay });
        var source = TestPoses.RandomFrame(5, 40);
        var frame = new PoseFrame(source.Count);
        for (var warmup = 0; warmup < 3; warmup++)
        {
            frame.CopyFrom(source);
            nms.Apply(frame);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            frame.CopyFrom(source);
            nms.Apply(frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(frame.Count, 1, source.Count - 1);
    }
}
