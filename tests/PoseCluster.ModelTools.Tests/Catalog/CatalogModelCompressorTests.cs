using System.Text.Json.Nodes;
using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Catalog;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.ModelTools.Tests.Catalog;

/// <summary>Derived variants land in models/derived and the local overlay, never over the source, and pipelines find them by precision.</summary>
[Collection(ToolsCollection.Name)]
public sealed class CatalogModelCompressorTests(ToolsFixture tools)
{
    [Fact]
    public void Int8VariantIsRegisteredLocallyAndTheSourceIsUntouched()
    {
        var models = CopyCatalog("simplepose-256x192", "yolox-nano-416");
        var catalog = ModelCatalog.Load(models);
        var source = catalog.PathOf(catalog.Get("simplepose-256x192"));
        var before = ModelFileVerifier.Sha256Of(source);
        var stamp = File.GetLastWriteTimeUtc(source);
        using var sessions = new ModelSessionCache(catalog, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        var options = new DerivedModelOptions { CalibrationDirectory = ToolsFixture.CalibrationFrames, Frames = 12, ValidationFrames = 4 };
        options.Quantization.Method = CalibrationMethod.MinMax;

        var report = CatalogModelCompressorFactory.Create(sessions).QuantizeInt8("simplepose-256x192", options);

        Assert.Equal(before, ModelFileVerifier.Sha256Of(source));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(source));
        Assert.Equal(Path.Combine(models, "derived", "simplepose-256x192-int8.onnx"), report.Path);
        var reloaded = ModelCatalog.Load(models);
        var entry = reloaded.Get("simplepose-256x192-int8");
        Assert.Equal("int8", entry.Precision);
        Assert.Equal("simplepose-256x192", entry.DerivedFrom);
        Assert.Equal(ModelFileVerifier.Sha256Of(report.Path), entry.Sha256);
        Assert.Contains("calibration 12 person crops", entry.Source);
        Assert.Contains("method minmax", entry.Source);
        Assert.True(File.Exists(Path.Combine(models, ModelCatalog.LocalCatalogFileName)));

        // The committed catalog is not touched: the variant lives in the overlay only.
        Assert.DoesNotContain("int8", File.ReadAllText(Path.Combine(models, ModelCatalog.CatalogFileName)));

        // A pipeline at int8 picks the variant for the pose model; the detector has none yet: a clear error.
        var pipeline = new PipelineOptions { Pipeline = "topdown", Precision = ModelPrecision.Int8, DetectorModel = "yolox-nano-416" };
        var e = Assert.Throws<ModelCatalogException>(() => PosePipelineFactory.ModelIds(pipeline, reloaded));
        Assert.Contains("models quantize yolox-nano-416 --int8 --calibration", e.Message);
        Assert.Equal("simplepose-256x192-int8", ModelVariantResolver.Resolve(reloaded, "simplepose-256x192", ModelPrecision.Int8));

        // The variant loads through the session cache like any catalog model (batch-dynamic rewrite included).
        using var variantSessions = new ModelSessionCache(reloaded, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        var session = variantSessions.Get("simplepose-256x192-int8");
        Assert.True(session.Inputs[0].Shape[0] < 0);
    }

    [Fact]
    public void AutoChoosesTheMethodByPipelineApOnHeldOutFrames()
    {
        var models = CopyCatalog("simplepose-256x192", "yolox-nano-416");
        using var sessions = new ModelSessionCache(ModelCatalog.Load(models), new OnnxRuntimeOptions { IntraOpThreads = 1 });
        var options = new DerivedModelOptions { CalibrationDirectory = ToolsFixture.CalibrationFrames, Frames = 8, ValidationFrames = 4 };

        var report = CatalogModelCompressorFactory.Create(sessions).QuantizeInt8("simplepose-256x192", options);

        var q = report.Quantization!;
        Assert.Contains("topdown AP vs float32 on 4 held-out frames", q.SelectionMetric);
        Assert.Equal(4, q.TaskScores.Count);
        Assert.Equal(q.TaskScores.Values.Max(), q.TaskScores[q.Method]);
        Assert.All(q.TaskScores.Values, ap => Assert.InRange(ap, 0.0, 1.0));
        Assert.Contains("(auto, by topdown AP", report.Entry.Source);
    }

    [Fact]
    public void SaveRefusesToOverwriteTheSource()
    {
        var dir = ToolsFixture.TempDirectory();
        var path = Path.Combine(dir, "source.onnx");
        var model = SmallGraphs.ConvRelu();
        model.Save(path);
        var before = File.ReadAllBytes(path);

        var e = Assert.Throws<InvalidOperationException>(() => model.Save(Path.Combine(dir, ".", "source.onnx"), protectedPath: path));
        Assert.Contains("Refusing to overwrite the source model", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void DerivedModelsCannotBeQuantisedAgain()
    {
        var models = CopyCatalog("simplepose-256x192");
        var catalog = ModelCatalog.Load(models);
        catalog.RegisterLocal(catalog.Get("simplepose-256x192") with { Id = "simplepose-256x192-fp16", Precision = "fp16", DerivedFrom = "simplepose-256x192" });
        using var sessions = new ModelSessionCache(catalog);

        var e = Assert.Throws<ArgumentException>(() => CatalogModelCompressorFactory.Create(sessions)
            .QuantizeInt8("simplepose-256x192-fp16", new DerivedModelOptions { CalibrationDirectory = ToolsFixture.CalibrationFrames }));
        Assert.Contains("convert its float32 source", e.Message);
    }

    [Fact]
    public void TheEvaluationSetIsRefusedForCalibration()
    {
        using var sessions = new ModelSessionCache(tools.Catalog);
        var eval = Path.Combine(ToolsFixture.Shared, "media", "eval", "png");
        var e = Assert.Throws<ArgumentException>(() => CatalogModelCompressorFactory.Create(sessions)
            .QuantizeInt8("simplepose-256x192", new DerivedModelOptions { CalibrationDirectory = eval }));
        Assert.Contains("evaluation set", e.Message);
        Assert.Contains("person_keypoints.json", e.Message);
    }

    [Fact]
    public void Int8NeedsACalibrationFolder()
    {
        using var sessions = new ModelSessionCache(tools.Catalog);
        var e = Assert.Throws<ArgumentException>(() => CatalogModelCompressorFactory.Create(sessions).QuantizeInt8("simplepose-256x192", new DerivedModelOptions()));
        Assert.Contains("--calibration", e.Message);
    }

    [Fact]
    public void Fp32TakesIdsAsGivenAndOtherPrecisionsMapToVariants()
    {
        var catalog = ModelCatalog.Load(CopyCatalog("simplepose-256x192"));
        catalog.RegisterLocal(catalog.Get("simplepose-256x192") with { Id = "simplepose-256x192-int8", Precision = "int8", DerivedFrom = "simplepose-256x192" });

        Assert.Equal("simplepose-256x192", ModelVariantResolver.Resolve(catalog, "simplepose-256x192", ModelPrecision.Fp32));
        Assert.Equal("simplepose-256x192-int8", ModelVariantResolver.Resolve(catalog, "simplepose-256x192-int8", ModelPrecision.Fp32));
        Assert.Equal("simplepose-256x192-int8", ModelVariantResolver.Resolve(catalog, "simplepose-256x192", ModelPrecision.Int8));
        Assert.Equal("simplepose-256x192-int8", ModelVariantResolver.Resolve(catalog, "simplepose-256x192-int8", ModelPrecision.Int8));
        var e = Assert.Throws<ModelCatalogException>(() => ModelVariantResolver.Resolve(catalog, "simplepose-256x192", ModelPrecision.Fp16));
        Assert.Contains("models quantize simplepose-256x192 --fp16", e.Message);
    }

    /// <summary>A temporary models folder with a catalog of <paramref name="ids"/> and copies of their files.</summary>
    private string CopyCatalog(params string[] ids)
    {
        var dir = ToolsFixture.TempDirectory();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(tools.Catalog.ModelsDirectory, ModelCatalog.CatalogFileName)))!;
        var models = json["models"]!.AsArray();
        foreach (var m in models.ToList().Where(m => !ids.Contains(m!["id"]!.GetValue<string>())))
        {
            models.Remove(m);
        }

        File.WriteAllText(Path.Combine(dir, ModelCatalog.CatalogFileName), json.ToJsonString());
        foreach (var id in ids)
        {
            var entry = tools.Catalog.Get(id);
            var target = Path.Combine(dir, entry.File);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(tools.Catalog.PathOf(entry), target);
        }

        return dir;
    }
}
