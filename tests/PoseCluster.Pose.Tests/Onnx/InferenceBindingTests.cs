namespace PoseCluster.Pose.Tests.Onnx;

/// <summary>The binding's steady state: runs allocate no managed memory, shapes are validated with clear errors.</summary>
[Collection(EngineCollection.Name)]
public sealed class InferenceBindingTests(EngineFixture engine)
{
    [Fact]
    public void Steady_state_runs_allocate_nothing()
    {
        var session = engine.Sessions.Get("person-detector-192");
        using var binding = session.CreateBinding();
        long[] shape = [1, 3, 192, 192];
        binding.Input<float>(0, shape).Fill(100f);
        binding.Run();
        _ = binding.Output<float>(0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            binding.Input<float>(0, shape)[0] = i;
            binding.Run();
            _ = binding.Output<float>(0)[0];
            _ = binding.OutputShape(0)[1];
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Wrong_shapes_and_types_are_rejected_naming_the_input()
    {
        var session = engine.Sessions.Get("person-detector-192");
        using var binding = session.CreateBinding();
        var e = Assert.Throws<ArgumentException>(() => binding.Input<float>(0, [1, 3, 160, 192]));
        Assert.Contains("images", e.Message);
        Assert.Contains("[1,3,192,192]", e.Message);
        Assert.Throws<ArgumentException>(() => binding.Input<long>(0, [1, 3, 192, 192]));
        Assert.Throws<InvalidOperationException>(() => binding.Output<float>(0));
    }
}
