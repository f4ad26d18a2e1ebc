using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// A pipeline that runs one model on whole frames (bottom-up): letterbox or stretch each frame into the input tensor,
/// one inference call for as many frames as the model's batch allows (batch-dynamic models take up to
/// <see cref="MaxBatchFrames"/> frames, e.g. one per camera), then a per-frame decoder. Timing: pre-processing,
/// inference and decoding are recorded per call. One instance per thread; the session is shared.
/// </summary>
internal abstract class SingleModelPipeline : IPosePipeline
{
    /// <summary>Most frames one call combines for a batch-dynamic model.</summary>
    public const int DynamicBatchFrames = 8;

    private readonly InputTensorWriter _writer;
    private readonly int _inputIndex;
    private readonly long[] _shape;
    private readonly RgbImage[] _single = new RgbImage[1];
    private readonly PoseFrame[] _singleOutput = new PoseFrame[1];
    private readonly SamplingPlan[] _plans;

    protected SingleModelPipeline(string name, ModelEntry model, InferenceSession session, PipelineOptions options)
    {
        Name = name;
        Model = model;
        Options = options;
        Binding = session.CreateBinding();
        _writer = new InputTensorWriter(model.Input);
        _inputIndex = session.InputIndex(model.Input.Name);
        MaxBatchFrames = model.Input.Batch == BatchMode.Dynamic ? DynamicBatchFrames : 1;
        _plans = new SamplingPlan[MaxBatchFrames];
        _shape = model.Input.Layout == TensorLayout.Nchw
            ? [1, 3, model.Input.Height, model.Input.Width]
            : [1, model.Input.Height, model.Input.Width, 3];
        Models = [model];
    }

    public string Name { get; }

    public IReadOnlyList<ModelEntry> Models { get; }

    public int MaxBatchFrames { get; }

    public StageTimer Timer { get; } = new();

    /// <summary>The pose model.</summary>
    protected ModelEntry Model { get; }

    /// <summary>The pipeline options.</summary>
    protected PipelineOptions Options { get; }

    /// <summary>This instance's run context.</summary>
    protected InferenceBinding Binding { get; }

    public void Process(RgbImage image, PoseFrame output)
    {
        _single[0] = image;
        _singleOutput[0] = output;
        try
        {
            ProcessBatch(_single, _singleOutput);
        }
        finally
        {
            _single[0] = null!;
            _singleOutput[0] = null!;
        }
    }

    public void ProcessBatch(IReadOnlyList<RgbImage> images, IReadOnlyList<PoseFrame> outputs)
    {
        if (images.Count != outputs.Count)
        {
            throw new ArgumentException("Every image needs an output frame.", nameof(outputs));
        }

        for (var start = 0; start < images.Count; start += MaxBatchFrames)
        {
            RunChunk(images, outputs, start, Math.Min(MaxBatchFrames, images.Count - start));
        }

        Timer.CountFrames(images.Count);
    }

    public virtual void Dispose() => Binding.Dispose();

    /// <summary>Decodes frame <paramref name="index"/> of the last run into <paramref name="output"/> (already cleared).</summary>
    protected abstract void Decode(int index, in SamplingPlan plan, PoseFrame output);

    private void RunChunk(IReadOnlyList<RgbImage> images, IReadOnlyList<PoseFrame> outputs, int start, int count)
    {
        var t = StageTimer.Start();
        var contract = Model.Input;
        _shape[0] = count;
        var perImage = _writer.ElementsPerImage;
        for (var i = 0; i < count; i++)
        {
            var image = images[start + i];
            PipelineGuards.CheckImage(image, Options.MinImageSize);
            _plans[i] = contract.Resize == ResizeMode.Stretch
                ? SamplingPlan.Stretch(image.Width, image.Height, contract.Width, contract.Height)
                : SamplingPlan.Letterbox(image.Width, image.Height, contract.Width, contract.Height, contract.Anchor);
            if (contract.ElementType == TensorElementType.Int32)
            {
                _writer.Write(image, _plans[i], Binding.Input<int>(_inputIndex, _shape).Slice(i * perImage, perImage));
            }
            else
            {
                _writer.Write(image, _plans[i], Binding.Input<float>(_inputIndex, _shape).Slice(i * perImage, perImage));
            }
        }

        t = Timer.Stop(PipelineStage.Pre, t);
        Binding.Run();
        t = Timer.Stop(PipelineStage.Inference, t);

        for (var i = 0; i < count; i++)
        {
            var output = outputs[start + i];
            output.Clear();
            output.ImageWidth = images[start + i].Width;
            output.ImageHeight = images[start + i].Height;
            Decode(i, _plans[i], output);
            PipelineGuards.KeepBest(output, Options.MaxPersons);
        }

        Timer.Stop(PipelineStage.Post, t);
    }
}
