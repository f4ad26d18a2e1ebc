using System.Text.Json;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Tests.Onnx;

/// <summary>Every model of the shared golden_outputs.json reproduces ONNX Runtime's reference statistics within 1e-4.</summary>
[Collection(EngineCollection.Name)]
public sealed class GoldenOutputTests(EngineFixture engine)
{
    public static TheoryData<string> GoldenModels()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestAssets.SharedModels("golden_outputs.json")));
        var data = new TheoryData<string>();
        foreach (var model in doc.RootElement.GetProperty("models").EnumerateObject())
        {
            data.Add(model.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenModels))]
    public void Model_reproduces_golden_outputs(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestAssets.SharedModels("golden_outputs.json")));
        var golden = doc.RootElement.GetProperty("models").GetProperty(file);
        var entry = engine.Catalog.Entries.Single(e => e.File == file);
        var session = engine.Sessions.Get(entry);

        var input = golden.GetProperty("input");
        var shape = input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var a = input.GetProperty("a").GetDouble();
        var b = input.GetProperty("b").GetDouble();
        var isInt = input.TryGetProperty("dtype", out var dtype) && dtype.GetString() == "int32";

        using var binding = session.CreateBinding();
        var index = session.InputIndex(input.GetProperty("name").GetString()!);
        if (isInt)
        {
            var span = binding.Input<int>(index, shape);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (int)Math.Floor(a * ((i * 7919L % 1000) / 1000.0) + b);
            }
        }
        else
        {
            var span = binding.Input<float>(index, shape);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (float)(a * ((i * 7919L % 1000) / 1000.0) + b);
            }
        }

        binding.Run();

        foreach (var expected in golden.GetProperty("outputs").EnumerateObject())
        {
            var o = session.OutputIndex(expected.Name);
            var expectedShape = expected.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal(expectedShape, binding.OutputShape(o).ToArray());

            var data = binding.Output<float>(o);
            double sum = 0, sumSq = 0;
            foreach (var v in data)
            {
                sum += v;
                sumSq += (double)v * v;
            }

            var mean = sum / data.Length;
            var std = Math.Sqrt(Math.Max(0, sumSq / data.Length - mean * mean));
            AssertClose(expected.Value.GetProperty("mean").GetDouble(), mean, $"{file}:{expected.Name} mean");
            AssertClose(expected.Value.GetProperty("std").GetDouble(), std, $"{file}:{expected.Name} std");

            var first8 = expected.Value.GetProperty("first8").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (var i = 0; i < first8.Length; i++)
            {
                AssertClose(first8[i], data[i], $"{file}:{expected.Name}[{i}]");
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        // Relative 1e-4 for large magnitudes, absolute 1e-4 near zero.
        var tolerance = 1e-4 * Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:G3})");
    }
}
