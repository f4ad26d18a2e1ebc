using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.Tests.BottomUp;

/// <summary>
/// The <c>bottomup-ae</c> pipeline end to end on a tiny ONNX model generated at test time (python3-onnx) whose outputs
/// are fixed synthetic heatmaps and tags: any catalog entry of family <c>associative-embedding</c> loads and decodes.
/// </summary>
public sealed class AssociativeEmbeddingPipelineTests
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "BottomUp", "ae_test_model.py");

    [Fact]
    public void A_catalog_entry_of_the_family_runs_end_to_end()
    {
        var dir = TestAssets.TempDirectory();
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
            psi.ArgumentList.Add(Script);
            psi.ArgumentList.Add(Path.Combine(dir, "bottomup"));
            using (var process = Process.Start(psi)!)
            {
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"generator failed: {error}");
            }

            var modelPath = Path.Combine(dir, "bottomup", "ae_test.onnx");
            var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(modelPath)));
            var catalogJson = $$"""
                {
                  "version": 1,
                  "models": [
                    {
                      "id": "ae-test-64", "family": "associative-embedding", "task": "pose-bottomup",
                      "file": "bottomup/ae_test.onnx", "sha256": "{{sha}}", "size": {{new FileInfo(modelPath).Length}},
                      "input": { "name": "input", "layout": "NCHW", "elementType": "float32", "width": 64, "height": 64, "channelOrder": "RGB",
                                 "mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375], "resize": "letterbox", "anchor": "top-left", "padValue": 0 },
                      "decode": { "heatmapsOutput": "heatmaps", "tagsOutput": "tags", "nmsKernel": 3, "detectionThreshold": 0.2, "refine": false }
                    }
                  ]
                }
                """;
            File.WriteAllText(Path.Combine(dir, ModelCatalog.CatalogFileName), catalogJson);
            var catalog = ModelCatalog.Load(dir);
            using var sessions = new ModelSessionCache(catalog, new PoseCluster.Pose.Onnx.OnnxRuntimeOptions { IntraOpThreads = 1 });

            // No --pose-model: the pipeline picks the catalog's entry of its family.
            using var pipeline = PosePipelineFactory.Create(new PipelineOptions { Pipeline = "bottomup-ae" }, sessions);
            Assert.Equal("ae-test-64", pipeline.Models.Single().Id);

            // A 128 x 128 image letterboxes at scale 0.5: image coordinate = input coordinate x 2.
            using var image = new RgbImage(128, 128);
            image.Pixels.Fill(90);
            var frame = new PoseFrame();
            pipeline.Process(image, frame);

            using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "bottomup", "expected.json")));
            var persons = expected.RootElement.EnumerateArray().ToList();
            Assert.Equal(persons.Count, frame.Count);
            foreach (var person in persons)
            {
                var joints = person.GetProperty("joints").EnumerateArray().ToList();
                var first = joints[0];

                // Heatmap cell (x, y) -> adjusted (x + 0.25, y + 0.25) -> input x 2 (64 / 32) -> image x 2.
                float Image(int cell) => (cell + 0.25f) * 2 * 2;
                var match = frame.Persons.ToArray().Single(p => Math.Abs(p.Keypoints[0].X - Image(first[0].GetInt32())) < 1e-3);
                var present = 0;
                for (var j = 0; j < CocoKeypoints.Count; j++)
                {
                    if (joints[j].ValueKind == JsonValueKind.Null)
                    {
                        Assert.Equal(0f, match.Keypoints[j].Score);
                        continue;
                    }

                    present++;
                    Assert.Equal(Image(joints[j][0].GetInt32()), match.Keypoints[j].X, 3);
                    Assert.Equal(Image(joints[j][1].GetInt32()), match.Keypoints[j].Y, 3);
                    Assert.Equal(0.8f, match.Keypoints[j].Score, 5);
                }

                Assert.Equal(0.8f * present / CocoKeypoints.Count, match.Score, 5);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
