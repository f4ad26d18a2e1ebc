using System.Text.Json.Nodes;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Tests.Models;

/// <summary>Bad models and bad catalog entries fail with clear errors; good ones load and honour their contract.</summary>
[Collection(EngineCollection.Name)]
public sealed class ModelLoadingTests(EngineFixture engine)
{
    /// <summary>A temporary models folder with a one-entry catalog derived from a real entry.</summary>
    private static (ModelCatalog Catalog, string Dir) TempCatalog(ModelEntry basis, Action<JsonObject> edit, byte[]? fileContent = null)
    {
        var dir = TestAssets.TempDirectory();
        var json = ModelCatalogWriter.ToJson(basis);
        edit(json);
        var file = Path.Combine(dir, json["file"]!.GetValue<string>());
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (fileContent is null)
        {
            File.Copy(Path.Combine(PoseClusterHome.ModelsDirectory, basis.File), file);
        }
        else
        {
            File.WriteAllBytes(file, fileContent);
        }

        File.WriteAllText(Path.Combine(dir, ModelCatalog.CatalogFileName), new JsonObject { ["models"] = new JsonArray(json) }.ToJsonString());
        return (ModelCatalog.Load(dir), dir);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_rejected_naming_the_model()
    {
        var garbage = "this is not an onnx model, just text"u8.ToArray();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(garbage));
        var (catalog, _) = TempCatalog(engine.Catalog.Get("yolox-nano-416"), j =>
        {
            j["sha256"] = sha;
            j["size"] = garbage.Length;
        }, garbage);

        using var sessions = new ModelSessionCache(catalog);
        var e = Assert.Throws<ModelCatalogException>(() => sessions.Get("yolox-nano-416"));
        Assert.Contains("yolox-nano-416", e.Message);
        Assert.Contains("could not be loaded", e.Message);
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
    }

    [Fact]
    public void A_wrong_sha256_is_rejected_before_loading()
    {
        var (catalog, _) = TempCatalog(engine.Catalog.Get("yolox-nano-416"), j => j["sha256"] = new string('0', 64));
        using var sessions = new ModelSessionCache(catalog);
        var e = Assert.Throws<ModelCatalogException>(() => sessions.Get("yolox-nano-416"));
        Assert.Contains("sha256", e.Message);
        Assert.Contains("catalog expects 0000", e.Message);
    }

    [Fact]
    public void A_model_with_the_wrong_input_shape_for_its_entry_is_rejected()
    {
        // MoveNet Lightning (192x192) registered as if it were a 256x256 model of the same family.
        var (catalog, _) = TempCatalog(engine.Catalog.Get("movenet-lightning-192"), j =>
        {
            j["input"]!["width"] = 256;
            j["input"]!["height"] = 256;
        });
        using var sessions = new ModelSessionCache(catalog);
        var e = Assert.Throws<ModelCatalogException>(() => sessions.Get("movenet-lightning-192"));
        Assert.Contains("does not match its catalog family 'movenet-singlepose'", e.Message);
        Assert.Contains("256x256", e.Message);
    }

    [Fact]
    public void A_missing_model_file_says_how_to_install_it()
    {
        var dir = TestAssets.TempDirectory();
        var json = ModelCatalogWriter.ToJson(engine.Catalog.Get("nanodet-m-320"));
        File.WriteAllText(Path.Combine(dir, ModelCatalog.CatalogFileName), new JsonObject { ["models"] = new JsonArray(json) }.ToJsonString());
        using var sessions = new ModelSessionCache(ModelCatalog.Load(dir));
        var e = Assert.Throws<ModelCatalogException>(() => sessions.Get("nanodet-m-320"));
        Assert.Contains("not installed", e.Message);
        Assert.Contains("posecluster setup", e.Message);
    }

    [Fact]
    public void Unknown_model_ids_list_the_known_ones()
    {
        var e = Assert.Throws<ModelCatalogException>(() => engine.Catalog.Get("no-such-model"));
        Assert.Contains("yolox-nano-416", e.Message);
    }

    [Fact]
    public void Invalid_catalog_json_is_reported_with_its_path()
    {
        var dir = TestAssets.TempDirectory();
        File.WriteAllText(Path.Combine(dir, ModelCatalog.CatalogFileName), "{ \"models\": [ {\"id\": ");
        var e = Assert.Throws<ModelCatalogException>(() => ModelCatalog.Load(dir));
        Assert.Contains(dir, e.Message);
    }

    [Fact]
    public void Installer_verifies_checksums_and_is_idempotent()
    {
        var dir = TestAssets.TempDirectory();
        var entry = engine.Catalog.Get("person-detector-192");
        File.WriteAllText(Path.Combine(dir, ModelCatalog.CatalogFileName), new JsonObject { ["models"] = new JsonArray(ModelCatalogWriter.ToJson(entry)) }.ToJsonString());
        var catalog = ModelCatalog.Load(dir);

        var first = ModelInstaller.Install(catalog, TestAssets.SharedModels());
        Assert.Equal(ModelInstallOutcome.Installed, Assert.Single(first).Outcome);
        var second = ModelInstaller.Install(catalog, TestAssets.SharedModels());
        Assert.Equal(ModelInstallOutcome.AlreadyInstalled, Assert.Single(second).Outcome);

        // A source whose file differs from the catalog is refused.
        var badSource = TestAssets.TempDirectory();
        Directory.CreateDirectory(Path.Combine(badSource, "detector"));
        File.WriteAllText(Path.Combine(badSource, entry.File), "tampered");
        File.Delete(catalog.PathOf(entry));
        var third = ModelInstaller.Install(catalog, badSource);
        Assert.Equal(ModelInstallOutcome.ChecksumMismatch, Assert.Single(third).Outcome);
        Assert.False(File.Exists(catalog.PathOf(entry)));
    }

    [Fact]
    public void Batch_rewritten_model_gives_the_same_outputs_batched_as_one_by_one()
    {
        var session = engine.Sessions.Get("simplepose-256x192");
        Assert.True(session.Inputs[0].Shape[0] < 0, "the batch dimension should be dynamic after the rewrite");
        using var binding = session.CreateBinding();
        const int perImage = 3 * 256 * 192;
        var inputs = new float[3 * perImage];
        var random = new Random(1);
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)((random.NextDouble() * 4) - 2);
        }

        inputs.CopyTo(binding.Input<float>(0, [3, 3, 256, 192]));
        binding.Run();
        var batched = binding.Output<float>(0).ToArray();
        Assert.Equal([3L, 17, 64, 48], binding.OutputShape(0).ToArray());

        for (var b = 0; b < 3; b++)
        {
            inputs.AsSpan(b * perImage, perImage).CopyTo(binding.Input<float>(0, [1, 3, 256, 192]));
            binding.Run();
            var single = binding.Output<float>(0);
            for (var i = 0; i < single.Length; i++)
            {
                Assert.Equal(single[i], batched[(b * single.Length) + i], 4);
            }
        }
    }
}
